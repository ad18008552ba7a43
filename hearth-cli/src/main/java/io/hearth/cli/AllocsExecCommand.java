package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.client.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth allocs exec ALLOC --image IMAGE [--wait] -- CMD...}: runs a container in an alloc. */
@Command(name = "exec", mixinStandardHelpOptions = true,
    description = {"Run a container to completion in an alloc (POST /v2/allocs/ID/execs). The execs of one alloc "
        + "share the directory /alloc (read it back with 'allocs files'). Put the command after --. It takes "
        + "--memory, --cpus, --disk, --gpus and --resource of the alloc's free share (default: all of it).",
        "Without --wait it prints the exec and returns at once (see 'allocs get' and 'allocs log'). With --wait it "
        + "prints the exec's log as it runs, then its end on standard error, and exits with the exec's exit code "
        + "(1 when it has none: it failed to start or was killed first); with --json it prints the ended exec's "
        + "JSON instead of the log."})
final class AllocsExecCommand implements Callable<Integer> {
  private static final Set<String> FINISHED = Set.of("succeeded", "failed", "killed");
  /** How often --wait asks whether the exec has ended once its log has. */
  private static final Duration POLL = Duration.ofMillis(500);

  private final Context ctx;

  @Mixin ClientOptions options;
  @Mixin ResourceOptions resources;
  @Parameters(index = "0", paramLabel = "ALLOC_ID") String alloc;
  @Parameters(index = "1..*", paramLabel = "CMD", description = "the command and its arguments (after --)")
  List<String> cmd;
  @Option(names = "--image", paramLabel = "IMAGE", required = true, description = "the image to run, e.g. hearth/busybox")
  String image;
  @Option(names = "--timeout", paramLabel = "SECONDS", description = "kill it after this long (default: no limit)")
  Integer timeout;
  @Option(names = "--env", paramLabel = "KEY=VALUE", description = "an environment variable (repeat for more)")
  List<String> env;
  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "a label (repeat for more)")
  List<String> labels;
  @Option(names = "--wait", description = "follow its log, wait for its end and exit with its exit code")
  boolean await;
  @Option(names = {"-q", "--quiet"}, description = "print only the exec's id (without --wait)")
  boolean quiet;

  AllocsExecCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (timeout != null && timeout < 1) {
      throw CliFailure.usage("--timeout is a whole number of seconds from 1");
    }
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("image", image);
    var c = body.putArray("cmd");
    if (cmd != null) {
      cmd.forEach(c::add);
    }
    if (env != null) {
      body.set("env", Fields.config(env));
    }
    if (resources.any()) {
      body.set("resources", resources.json());
    }
    if (timeout != null) {
      body.put("timeout_secs", timeout);
    }
    if (labels != null) {
      body.set("labels", Fields.config(labels));
    }
    ApiClient api = ctx.client(options);
    JsonNode exec = api.post("/v2/allocs/" + ApiClient.segment(alloc) + "/execs", body);
    String id = exec.path("id").asText();
    if (!await) {
      if (options.json) {
        ctx.printJson(exec);
      } else if (quiet) {
        ctx.out().println(id);
      } else {
        AllocsView.printExec(ctx.out(), exec);
      }
      return 0;
    }
    ctx.err().println("exec " + id + " started in alloc " + alloc);
    if (!options.json) {
      follow(id);
    }
    JsonNode done = waitForEnd(api, id, exec);
    if (options.json) {
      ctx.printJson(done);
    }
    return report(done);
  }

  private void follow(String id) {
    try (InputStream log = ctx.allocs(options).log(alloc, id, true)) {
      log.transferTo(ctx.out());
    } catch (ApiException | IOException e) {
      ctx.err().println("hearth: cannot follow the log of exec " + id + " (" + e.getMessage() + "); waiting for its end");
    }
    ctx.out().flush();
  }

  private JsonNode waitForEnd(ApiClient api, String id, JsonNode exec) {
    String path = "/v2/allocs/" + ApiClient.segment(alloc) + "/execs/" + ApiClient.segment(id);
    JsonNode e = exec;
    while (!FINISHED.contains(e.path("state").asText())) {
      try {
        ctx.clock().sleep(POLL);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw CliFailure.server("interrupted while waiting for exec " + id);
      }
      e = api.get(path);
    }
    return e;
  }

  /** Says how it ended on standard error and turns that into the exit code. */
  private int report(JsonNode e) {
    String state = e.path("state").asText();
    boolean hasCode = e.path("exit_code").canConvertToInt();
    int code = e.path("exit_code").asInt();
    StringBuilder end = new StringBuilder("exec " + e.path("id").asText() + " " + state);
    if (hasCode) {
      end.append(": exit code ").append(code);
    }
    if (e.path("oom").asBoolean()) {
      end.append(", out of memory");
    }
    if (e.hasNonNull("error") && !e.path("error").asText().isEmpty()) {
      end.append(" (").append(e.path("error").asText()).append(')');
    }
    ctx.err().println(end);
    if (state.equals("succeeded")) {
      return 0;
    }
    return hasCode && code != 0 ? code : 1;
  }
}
