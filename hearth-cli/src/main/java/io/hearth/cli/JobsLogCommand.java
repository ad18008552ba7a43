package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearth jobs log [-f] [--attempt N] ID}: what a job's attempt printed. Following, it first
 * waits for the job to start (a job just submitted is queued), then streams until the attempt ends;
 * a job that has already ended is printed whole.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = {"Print a job's stdout and stderr: its current or last attempt's, or --attempt N's "
        + "(GET /v2/jobs/ID/log).",
        "With --follow, wait for the job to start, then go on printing until its attempt ends."})
final class JobsLogCommand implements Callable<Integer> {
  /** How often a follower looks whether the job has started. */
  static final Duration POLL = Duration.ofMillis(500);

  private final Context ctx;

  @Mixin ClientOptions options;
  @Parameters(index = "0", paramLabel = "JOB_ID") String id;
  @Option(names = {"-f", "--follow"}, description = "stream it until the attempt ends") boolean follow;
  @Option(names = "--attempt", paramLabel = "N", description = "an earlier attempt (from 1)") Integer attempt;

  JobsLogCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (attempt != null && attempt < 1) {
      throw CliFailure.usage("--attempt counts from 1, not " + attempt);
    }
    ApiClient client = ctx.client(options);
    String path = "/v2/jobs/" + ApiClient.segment(id) + "/log";
    if (!follow) {
      copy(client, path + ApiClient.query(query(false)));
      return 0;
    }
    boolean said = false;
    while (true) {
      JsonNode job = client.get("/v2/jobs/" + ApiClient.segment(id));
      String state = job.path("state").asText();
      boolean ended = state.equals("complete") || state.equals("cancelled");
      if (ended || attempt != null && attempt < job.path("attempt").asInt()) {
        copy(client, path + ApiClient.query(query(false)));
        return 0;
      }
      if (state.equals("running")) {
        try {
          copy(client, path + ApiClient.query(query(true)));
          return 0;
        } catch (CliFailure e) {
          if (e.exitCode != CliFailure.SERVER_ERROR || !e.getMessage().endsWith("(404)")) {
            throw e;
          }
          // its exec is starting, or the attempt ended between the two requests: look again
        }
      } else if (!said) {
        ctx.err().println("waiting for job " + id + " to start (it is " + state + ")");
        said = true;
      }
      ctx.clock().sleep(POLL);
    }
  }

  private Map<String, String> query(boolean follow) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("attempt", attempt == null ? null : attempt.toString());
    q.put("follow", follow ? "true" : null);
    return q;
  }

  private void copy(ApiClient client, String path) {
    try (InputStream in = client.stream(path)) {
      in.transferTo(ctx.out());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the log of job " + id, e);
    }
    ctx.out().flush();
  }
}
