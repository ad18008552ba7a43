package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearth jobs ...}: the job queue (submit, list, get, cancel, priority) over {@code /v2/jobs};
 * log, output and wait are {@link JobsLogCommand}, {@link JobsOutputCommand} and {@link JobsWaitCommand}.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = {"The job queue: containers that wait their turn by priority (0..1000, 0 holds) and run to "
        + "completion.",
        "Each attempt's log and what it left under /out are kept when it ends: jobs log, jobs output; "
        + "jobs wait waits for the end."})
final class JobsCommand {
  private static final List<String> STATES = List.of("queued", "locked", "running", "complete", "cancelled");

  private final Context ctx;

  JobsCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = "Queue a job (POST /v2/jobs): IMAGE, then the command after --. Prints the queued job's id.")
  int submit(@Mixin ClientOptions o, @Parameters(index = "0", paramLabel = "IMAGE") String image,
      @Parameters(index = "1..*", paramLabel = "CMD", description = "the command and its arguments (after --)")
      List<String> cmd,
      @Option(names = "--name", paramLabel = "NAME", description = "a name to list it by") String name,
      @Option(names = "--cpus", paramLabel = "N", description = "whole CPUs it needs (default 1)") Integer cpus,
      @Option(names = "--ram", paramLabel = "BYTES", description = "memory it needs, e.g. 512Mi, 2Gi (default 256Mi)")
      String ram,
      @Option(names = "--scratch", paramLabel = "BYTES", description = "scratch space it needs, e.g. 10Gi (default 0)")
      String scratch,
      @Option(names = "--gpus", paramLabel = "N", description = "GPUs it needs (default 0)") Integer gpus,
      @Option(names = "--priority", paramLabel = "N", description = "0..1000, higher first; 0 holds it (default 500)")
      Integer priority,
      @Option(names = "--max-attempts", paramLabel = "N", description = "attempts in all, 1..100 (default 3)")
      Integer maxAttempts,
      @Option(names = "--max-run-time", paramLabel = "DURATION",
          description = "kill and cancel an attempt after this long: seconds, or 90s, 30m, 2h (default: no limit)")
      String maxRunTime,
      @Option(names = "--preemptible", description = "it may run on a preemptible node class") boolean preemptible,
      @Option(names = "--label", paramLabel = "KEY=VALUE", description = "a label (repeat for more)") List<String> labels,
      @Option(names = "--env", paramLabel = "KEY=VALUE", description = "an environment variable (repeat for more)")
      List<String> env,
      @Option(names = {"-q", "--quiet"}, description = "print only the job's id") boolean quiet) {
    ObjectNode body = submitBody(image, cmd, name, cpus, ram, scratch, gpus, priority, maxAttempts, maxRunTime,
        preemptible, labels, env);
    JsonNode job = ctx.client(o).post("/v2/jobs", body);
    if (o.json) {
      ctx.printJson(job);
    } else if (quiet) {
      ctx.out().println(job.path("id").asText());
    } else {
      ctx.out().println("queued job " + job.path("id").asText() + " at priority " + job.path("priority").asInt()
          + " (" + job.path("constraints").path("vcpus").asInt() + " CPU, "
          + Quantities.bytes(job.path("constraints").path("ram_bytes").asLong()) + " memory)");
    }
    return 0;
  }

  /** The body of {@code POST /v2/jobs}; usage mistakes fail before anything is sent. */
  static ObjectNode submitBody(String image, List<String> cmd, String name, Integer cpus, String ram, String scratch,
      Integer gpus, Integer priority, Integer maxAttempts, String maxRunTime, boolean preemptible, List<String> labels,
      List<String> env) {
    if (cpus != null && cpus < 1) {
      throw CliFailure.usage("--cpus is a whole number of CPUs from 1");
    }
    if (gpus != null && gpus < 0) {
      throw CliFailure.usage("--gpus is a whole number from 0");
    }
    if (priority != null && (priority < 0 || priority > 1000)) {
      throw CliFailure.usage("--priority is 0..1000 (0 holds the job), not " + priority);
    }
    if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > 100)) {
      throw CliFailure.usage("--max-attempts is 1..100, not " + maxAttempts);
    }
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (name != null) {
      body.put("name", name);
    }
    body.put("image", image);
    var c = body.putArray("command");
    if (cmd != null) {
      cmd.forEach(c::add);
    }
    if (env != null) {
      body.set("env", Fields.config(env));
    }
    if (priority != null) {
      body.put("priority", priority);
    }
    if (cpus != null || ram != null || scratch != null || gpus != null) {
      ObjectNode k = body.putObject("constraints");
      if (cpus != null) {
        k.put("vcpus", cpus);
      }
      if (ram != null) {
        k.put("ram_bytes", Quantities.bytes(ram, "--ram"));
      }
      if (scratch != null) {
        k.put("scratch_bytes", Quantities.bytes(scratch, "--scratch"));
      }
      if (gpus != null) {
        k.put("gpus", gpus);
      }
    }
    if (preemptible || maxAttempts != null || maxRunTime != null) {
      ObjectNode s = body.putObject("scheduling");
      if (preemptible) {
        s.put("preemptible", true);
      }
      if (maxRunTime != null) {
        s.put("max_run_time_secs", seconds(maxRunTime));
      }
      if (maxAttempts != null) {
        s.put("max_attempts", maxAttempts);
      }
    }
    if (labels != null) {
      body.set("labels", Fields.config(labels));
    }
    return body;
  }

  /** Seconds from {@code 90}, {@code 90s}, {@code 30m} or {@code 2h}. */
  static long seconds(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.matches("\\d{1,9}[smh]?")) {
      char last = t.charAt(t.length() - 1);
      long unit = last == 'h' ? 3600 : last == 'm' ? 60 : 1;
      long n = Long.parseLong(Character.isDigit(last) ? t : t.substring(0, t.length() - 1));
      if (n >= 1) {
        return n * unit;
      }
    }
    throw CliFailure.usage("--max-run-time takes seconds (from 1) or a duration such as 90s, 30m or 2h, not '"
        + text + "'");
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List jobs, newest first, or with --order scheduler the queue in the order a dispatcher takes "
          + "it (running, locked, then priority, then first seen); one page at a time (GET /v2/jobs).")
  int list(@Mixin ClientOptions o,
      @Option(names = "--state", paramLabel = "STATE", description = "only queued, locked, running, complete or "
          + "cancelled ones") String state,
      @Option(names = "--label", paramLabel = "KEY=VALUE", description = "only jobs with this label") String label,
      @Option(names = "--name", paramLabel = "NAME", description = "only jobs of this name") String name,
      @Option(names = "--order", paramLabel = "ORDER", description = "scheduler: the dispatcher's order (no filters)")
      String order,
      @Option(names = "--per-page", paramLabel = "N", defaultValue = "30") int perPage,
      @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next page, as a previous list printed")
      String cursor) {
    Map<String, String> q = listQuery(state, label, name, order, perPage, cursor);
    JsonNode page = ctx.client(o).get("/v2/jobs" + ApiClient.query(q));
    if (o.json) {
      ctx.printJson(page);
      return 0;
    }
    Table t = new Table("ID", "NAME", "STATE", "PRIORITY", "ATTEMPT", "IMAGE", "CREATED", "ERROR");
    page.path("items").forEach(j -> t.row(j.path("id").asText(), Fields.text(j, "name"), j.path("state").asText(),
        j.path("priority").asInt(), j.path("attempt").asInt(), j.path("image").asText(), j.path("created_at").asText(),
        Fields.text(j.path("runtime_status"), "error")));
    t.print(ctx.out());
    if (page.hasNonNull("next_cursor") && !page.get("next_cursor").asText().isEmpty()) {
      StringBuilder more = new StringBuilder("more: hearth jobs list");
      q.forEach((k, v) -> {
        if (v != null && !k.equals("cursor") && !k.equals("per_page")) {
          more.append(" --").append(k).append(' ').append(v);
        }
      });
      ctx.out().println(more + " --cursor " + page.get("next_cursor").asText());
    }
    return 0;
  }

  /** The list's query; usage mistakes fail before anything is sent. */
  static Map<String, String> listQuery(String state, String label, String name, String order, int perPage,
      String cursor) {
    if (state != null && !STATES.contains(state)) {
      throw CliFailure.usage("--state is queued, locked, running, complete or cancelled, not '" + state + "'");
    }
    if (label != null && label.indexOf('=') <= 0) {
      throw CliFailure.usage("--label is KEY=VALUE, not '" + label + "'");
    }
    if (order != null && !order.equals("scheduler")) {
      throw CliFailure.usage("--order is scheduler (or leave it out for newest first), not '" + order + "'");
    }
    if (order != null && (state != null || label != null || name != null)) {
      throw CliFailure.usage("--order scheduler lists the whole queue: it takes no --state, --label or --name");
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("state", state);
    q.put("label", label);
    q.put("name", name);
    q.put("order", order);
    q.put("cursor", cursor);
    q.put("per_page", Integer.toString(perPage));
    return q;
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one job as JSON (GET /v2/jobs/ID).")
  int get(@Mixin ClientOptions o, @Parameters(paramLabel = "JOB_ID") String id) {
    ctx.printJson(ctx.client(o).get("/v2/jobs/" + ApiClient.segment(id)));
    return 0;
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel a job that is not complete or cancelled yet (POST /v2/jobs/ID/cancel).")
  int cancel(@Mixin ClientOptions o, @Parameters(paramLabel = "JOB_ID") String id) {
    JsonNode job = ctx.client(o).post("/v2/jobs/" + ApiClient.segment(id) + "/cancel", ApiClient.JSON.createObjectNode());
    if (o.json) {
      ctx.printJson(job);
    } else {
      ctx.out().println("cancelled job " + job.path("id").asText());
    }
    return 0;
  }

  @Command(name = "priority", mixinStandardHelpOptions = true,
      description = "Change a job's priority (PATCH /v2/jobs/ID): 0..1000, 0 holds it; not once it is final.")
  int priority(@Mixin ClientOptions o, @Parameters(index = "0", paramLabel = "JOB_ID") String id,
      @Parameters(index = "1", paramLabel = "N") int priority) {
    if (priority < 0 || priority > 1000) {
      throw CliFailure.usage("the priority is 0..1000 (0 holds the job), not " + priority);
    }
    ObjectNode body = ApiClient.JSON.createObjectNode().put("priority", priority);
    JsonNode job = ctx.client(o).patch("/v2/jobs/" + ApiClient.segment(id), body);
    if (o.json) {
      ctx.printJson(job);
    } else {
      ctx.out().println("job " + job.path("id").asText() + " now has priority " + job.path("priority").asInt());
    }
    return 0;
  }
}
