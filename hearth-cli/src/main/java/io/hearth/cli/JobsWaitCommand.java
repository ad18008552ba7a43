package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearth jobs wait ID [--timeout SECS]}: polls the job until it is complete or cancelled and
 * prints how it ended; the exit status says whether it succeeded, so scripts can chain on it.
 */
@Command(name = "wait", mixinStandardHelpOptions = true,
    description = {"Wait until a job is complete or cancelled (polling GET /v2/jobs/ID) and print how it ended.",
        "Exit status: 0 complete with exit code 0; " + JobsWaitCommand.FAILED + " complete with another code or "
            + "cancelled; " + JobsWaitCommand.TIMED_OUT + " still not ended after --timeout; 1 to 4 as for every "
            + "command."})
final class JobsWaitCommand implements Callable<Integer> {
  /** The job ended but did not succeed. */
  static final int FAILED = 5;
  /** The timeout passed first. */
  static final int TIMED_OUT = 6;
  /** How often the job is read: a job runs for seconds at least. */
  static final Duration POLL = Duration.ofSeconds(1);

  private final Context ctx;

  @Mixin ClientOptions options;
  @Parameters(index = "0", paramLabel = "JOB_ID") String id;
  @Option(names = "--timeout", paramLabel = "SECS", description = "give up after this many seconds (default: never)")
  Long timeout;

  JobsWaitCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (timeout != null && timeout < 1) {
      throw CliFailure.usage("--timeout is a whole number of seconds from 1, not " + timeout);
    }
    ApiClient client = ctx.client(options);
    long until = timeout == null ? Long.MAX_VALUE : ctx.clock().nanoTime() + Duration.ofSeconds(timeout).toNanos();
    while (true) {
      JsonNode job = client.get("/v2/jobs/" + ApiClient.segment(id));
      String state = job.path("state").asText();
      if (state.equals("complete") || state.equals("cancelled")) {
        return ended(job, state);
      }
      if (ctx.clock().nanoTime() - until >= 0) {
        ctx.out().println("job " + id + " is still " + state + " after " + timeout + "s");
        return TIMED_OUT;
      }
      ctx.clock().sleep(POLL);
    }
  }

  private int ended(JsonNode job, String state) {
    if (options.json) {
      ctx.printJson(job);
    }
    if (state.equals("complete")) {
      int exit = job.path("exit_code").asInt(-1);
      if (!options.json) {
        ctx.out().println("job " + id + " complete: exit code " + exit + " (attempt " + job.path("attempt").asInt() + ")");
      }
      return exit == 0 ? 0 : FAILED;
    }
    if (!options.json) {
      String error = Fields.text(job.path("runtime_status"), "error");
      ctx.out().println("job " + id + " cancelled" + (error.isEmpty() ? "" : ": " + error));
    }
    return FAILED;
  }
}
