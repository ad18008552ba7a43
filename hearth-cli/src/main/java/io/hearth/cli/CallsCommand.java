package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth calls ...}: a function's call records and logs. */
@Command(name = "calls", description = "List a function's calls, show one, print its log.",
    mixinStandardHelpOptions = true)
final class CallsCommand {
  private final Context ctx;

  CallsCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List a function's calls, newest first, one page at a time.")
  int list(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String fn,
      @Option(names = "--from", paramLabel = "TIME", description = "only calls created at or after: Unix "
          + "seconds or RFC 3339 (2025-01-31T12:00:00Z)") String from,
      @Option(names = "--to", paramLabel = "TIME", description = "only calls created before") String to,
      @Option(names = "--per-page", paramLabel = "N", defaultValue = "30") int perPage,
      @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next page, as a previous list printed")
      String cursor) {
    ApiClient api = ctx.client(o);
    JsonNode f = new Lookup(api).requireFn(app, fn);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("from_time", seconds(from, "--from"));
    q.put("to_time", seconds(to, "--to"));
    q.put("per_page", Integer.toString(perPage));
    q.put("cursor", cursor);
    JsonNode page = api.get("/v2/fns/" + ApiClient.segment(f.path("id").asText()) + "/calls" + ApiClient.query(q));
    if (o.json) {
      ctx.printJson(page);
      return 0;
    }
    Table t = new Table("ID", "STATUS", "CREATED", "DURATION_MS", "COLD", "ERROR");
    page.path("items").forEach(c -> t.row(c.path("id").asText(), c.path("status").asText(),
        c.path("created_at").asText(), String.format("%.1f", duration(c)), c.path("cold").asBoolean() ? "yes" : "",
        Fields.text(c, "error")));
    t.print(ctx.out());
    if (page.hasNonNull("next_cursor")) {
      ctx.out().println("more: hearth calls list " + app + " " + fn + " --cursor " + page.get("next_cursor").asText());
    }
    return 0;
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Show one call: state (queued, running, success, error, timeout), attempts, times, error.")
  int get(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String fn, @Parameters(paramLabel = "CALL_ID") String callId) {
    ApiClient api = ctx.client(o);
    JsonNode f = new Lookup(api).requireFn(app, fn);
    ctx.printJson(api.get(path(f, callId)));
    return 0;
  }

  @Command(name = "result", mixinStandardHelpOptions = true,
      description = "Print an async call's stored answer as it is; exits 1 with the message while it has not ended"
          + " or when it ended in error.")
  int result(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String fn, @Parameters(paramLabel = "CALL_ID") String callId) {
    ApiClient api = ctx.client(o);
    JsonNode f = new Lookup(api).requireFn(app, fn);
    java.net.http.HttpResponse<byte[]> r = api.exchange("GET", path(f, callId) + "/result", null, null);
    if (r.statusCode() >= 400 && r.headers().firstValue("Hearth-Call-State").isEmpty()) {
      throw ApiClient.failure(r); // no such call, or not ended yet
    }
    ctx.out().write(r.body(), 0, r.body().length);
    ctx.out().flush();
    return r.statusCode() >= 400 ? 1 : 0;
  }

  @Command(name = "log", mixinStandardHelpOptions = true,
      description = "Print what a call's container wrote while it ran.")
  int log(@Mixin ClientOptions o, @Parameters(paramLabel = "APP") String app,
      @Parameters(paramLabel = "FN") String fn, @Parameters(paramLabel = "CALL_ID") String callId) {
    ApiClient api = ctx.client(o);
    JsonNode f = new Lookup(api).requireFn(app, fn);
    ctx.out().print(api.text(path(f, callId) + "/log"));
    ctx.out().flush();
    return 0;
  }

  private static String path(JsonNode fn, String callId) {
    return "/v2/fns/" + ApiClient.segment(fn.path("id").asText()) + "/calls/" + ApiClient.segment(callId);
  }

  private static double duration(JsonNode c) {
    return c.path("queue_duration_ms").asDouble() + c.path("init_duration_ms").asDouble()
        + c.path("exec_duration_ms").asDouble();
  }

  /** Unix seconds from seconds or an RFC 3339 time; null stays null. */
  static String seconds(String time, String option) {
    if (time == null || time.isBlank()) {
      return null;
    }
    String t = time.strip();
    if (t.matches("\\d+")) {
      return t;
    }
    try {
      return Long.toString(Instant.parse(t).getEpochSecond());
    } catch (DateTimeParseException e) {
      throw CliFailure.usage(option + " takes Unix seconds or an RFC 3339 time such as 2025-01-31T12:00:00Z, not '"
          + time + "'");
    }
  }
}
