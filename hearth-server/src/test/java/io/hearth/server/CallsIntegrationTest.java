package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Call records and logs over real HTTP, for calls that succeed, fail, time out and run out of
 * memory in real containers; and the metrics those calls leave.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CallsIntegrationTest {
  static TestServer node;
  static String image;
  static String appId;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    node = TestServer.start(Map.of());
    appId = node.app("calls-it");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** The record of a call, once the writer has flushed it (every 100 ms). */
  static JsonNode record(String fnId, String callId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // generous: a wait, not a speed test
    HttpResponse<String> r;
    do {
      r = node.send("GET", "/v2/fns/" + fnId + "/calls/" + callId, null);
      // a detached call is found (running) from its 202 on; its record, with durations, once it ended
      if (r.statusCode() == 200 && node.json(r).has("exec_duration_ms")) {
        return node.json(r);
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no record of call " + callId + ": " + r.statusCode() + " " + r.body());
  }

  static String callId(HttpResponse<String> r) {
    return r.headers().firstValue("Fn-Call-Id").orElseThrow();
  }

  private static void assertLogIsText(String fnId, String callId) throws Exception {
    HttpResponse<String> log = node.send("GET", "/v2/fns/" + fnId + "/calls/" + callId + "/log", null);
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
  }

  @Test
  void aSuccessfulCallIsRecordedColdThenWarm() throws Exception {
    String fn = node.fn(appId, "ok", image, null);
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> first = node.invoke(fn, "stdout hello from the function");
    HttpResponse<String> second = node.invoke(fn, "echo\nagain");
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode cold = record(fn, callId(first));
    assertThat(cold.get("id").asText()).isEqualTo(callId(first));
    assertThat(cold.get("status").asText()).isEqualTo("success");
    assertThat(cold.get("app_id").asText()).isEqualTo(appId);
    assertThat(cold.get("fn_id").asText()).isEqualTo(fn);
    assertThat(cold.has("error")).isFalse();
    assertThat(cold.get("cold").asBoolean()).isTrue();
    assertThat(cold.get("init_duration_ms").asDouble()).isPositive();
    Instant created = Instant.parse(cold.get("created_at").asText());
    Instant started = Instant.parse(cold.get("started_at").asText());
    Instant completed = Instant.parse(cold.get("completed_at").asText());
    assertThat(created).isAfter(before).isBeforeOrEqualTo(started);
    assertThat(started).isBeforeOrEqualTo(completed);
    assertThat(cold.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    JsonNode warm = record(fn, callId(second));
    assertThat(warm.get("cold").asBoolean()).isFalse();
    assertThat(warm.get("init_duration_ms").asDouble()).isZero();
    assertThat(warm.get("exec_duration_ms").asDouble()).isPositive();
    assertLogIsText(fn, callId(first));
    HttpResponse<String> log = node.send("GET", "/v2/fns/" + fn + "/calls/" + callId(first) + "/log", null);
    assertThat(log.body()).contains("hello from the function"); // what the container printed during the call

    JsonNode list = node.json(node.send("GET", "/v2/fns/" + fn + "/calls", null));
    assertThat(list.get("items")).extracting(n -> n.get("id").asText())
        .containsExactly(callId(second), callId(first)); // newest first
  }

  @Test
  void aDetachedCallIsAnswered202OnceStartedAndRunsOnToItsRecord() throws Exception {
    String fn = node.fn(appId, "detached", image, null);
    HttpResponse<String> accepted = node.http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(node.url("/invoke/" + fn)))
        .header("Fn-Invoke-Type", "detached")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("sleep 1500")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.body()).isEmpty();
    assertThat(node.server.agent().containers()).as("the call still runs after its 202")
        .anyMatch(c -> c.fnId().equals(fn) && !c.idle());
    JsonNode done = record(fn, callId(accepted));
    assertThat(done.get("status").asText()).isEqualTo("success");
    assertThat(done.get("exec_duration_ms").asLong()).isGreaterThanOrEqualTo(1500);

    HttpResponse<String> printed = node.http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(node.url("/invoke/" + fn)))
        .header("Fn-Invoke-Type", "detached")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("stdout a detached hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(printed.statusCode()).isEqualTo(202);
    assertThat(record(fn, callId(printed)).get("status").asText()).isEqualTo("success");
    assertThat(node.send("GET", "/v2/fns/" + fn + "/calls/" + callId(printed) + "/log", null).body())
        .contains("a detached hello");
  }

  @Test
  void aCrashIsRecordedAsAnErrorWithFnsMessage() throws Exception {
    String fn = node.fn(appId, "crash", image, null);
    HttpResponse<String> r = node.invoke(fn, "crash");
    assertThat(r.statusCode()).isEqualTo(502);
    JsonNode c = record(fn, callId(r));
    assertThat(c.get("status").asText()).isEqualTo("error");
    assertThat(c.get("error").asText()).isEqualTo("function failed");
    assertLogIsText(fn, callId(r));
  }

  @Test
  void aTimeoutIsRecordedAsATimeout() throws Exception {
    String fn = node.fn(appId, "slow", image, "\"timeout\":1");
    HttpResponse<String> r = node.invoke(fn, "sleep 5000");
    assertThat(r.statusCode()).isEqualTo(504);
    JsonNode c = record(fn, callId(r));
    assertThat(c.get("status").asText()).isEqualTo("timeout");
    assertThat(c.get("error").asText()).isEqualTo("Timed out");
    assertThat(c.get("exec_duration_ms").asDouble()).isGreaterThanOrEqualTo(900);
    assertLogIsText(fn, callId(r));
  }

  @Test
  void outOfMemoryIsRecordedWithItsMessage() throws Exception {
    String fn = node.fn(appId, "oom", image, "\"memory\":128");
    HttpResponse<String> r = node.invoke(fn, "alloc 512");
    assertThat(r.statusCode()).isEqualTo(502);
    JsonNode c = record(fn, callId(r));
    assertThat(c.get("status").asText()).isEqualTo("error");
    assertThat(c.get("error").asText()).contains("out of memory");
    assertLogIsText(fn, callId(r));
  }

  @Test
  void listsPageAndFilterByTime() throws Exception {
    String fn = node.fn(appId, "paged", image, null);
    String last = null;
    for (int i = 0; i < 3; i++) {
      last = callId(node.invoke(fn, "echo\n" + i));
    }
    record(fn, last);
    // records are written in order within a batch; wait until all three are there
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // generous: a wait, not a speed test
    while (node.json(node.send("GET", "/v2/fns/" + fn + "/calls", null)).get("items").size() < 3
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    JsonNode page1 = node.json(node.send("GET", "/v2/fns/" + fn + "/calls?per_page=2", null));
    assertThat(page1.get("items")).hasSize(2);
    String cursor = page1.get("next_cursor").asText();
    JsonNode page2 = node.json(node.send("GET", "/v2/fns/" + fn + "/calls?per_page=2&cursor=" + cursor, null));
    assertThat(page2.get("items")).hasSize(1);
    assertThat(page2.has("next_cursor")).isFalse();

    long now = Instant.now().getEpochSecond();
    assertThat(node.json(node.send("GET", "/v2/fns/" + fn + "/calls?from_time=" + (now + 60), null))
        .get("items")).isEmpty();
    assertThat(node.json(node.send("GET", "/v2/fns/" + fn + "/calls?from_time=" + (now - 600) + "&to_time="
        + (now + 60), null)).get("items")).hasSize(3);
    assertThat(node.json(node.send("GET", "/v2/fns/" + fn + "/calls?to_time=" + (now - 600), null))
        .get("items")).isEmpty();
  }

  @Test
  void listsTheFunctionsContainersWithTheirStates() throws Exception {
    String fn = node.fn(appId, "pooled", image, "\"memory\":96");
    String other = node.fn(appId, "pooled-other", image, null);
    assertThat(node.json(node.send("GET", "/v2/fns/" + fn + "/containers", null)).get("items")).isEmpty();
    record(fn, callId(node.invoke(fn, "echo\nwarm me")));
    node.invoke(other, "echo\nnot this one");
    JsonNode body = node.json(node.send("GET", "/v2/fns/" + fn + "/containers", null));
    assertThat(body.get("node_id").asText()).isNotEmpty();
    assertThat(body.get("items")).hasSize(1);
    JsonNode c = body.get("items").get(0);
    assertThat(c.get("state").asText()).isIn("idle", "frozen"); // frozen once idle for the freeze delay
    assertThat(c.get("calls").asInt()).isEqualTo(1);
    assertThat(c.get("memory_mb").asInt()).isEqualTo(96);
    assertThat(c.get("image").asText()).isEqualTo(image);
    assertThat(c.get("startup_ms").asLong()).isPositive();
    assertThat(c.get("idle_since").asText()).matches("\\d{4}-.*Z");
    assertThat(node.server.agent().containers()).anyMatch(v -> v.id().equals(c.get("id").asText()) && v.fnId().equals(fn));
    assertError(node.send("GET", "/v2/fns/01NOSUCHFN000000000000000/containers", null), 404, "Fn not found");
  }

  @Test
  void filtersByStatus() throws Exception {
    String fn = node.fn(appId, "mixed", image, null);
    String ok = callId(node.invoke(fn, "echo\nfine"));
    String crashed = callId(node.invoke(fn, "crash"));
    record(fn, ok);
    record(fn, crashed);
    assertThat(node.json(node.send("GET", "/v2/fns/" + fn + "/calls?status=error", null)).get("items"))
        .extracting(n -> n.get("id").asText()).containsExactly(crashed);
    assertThat(node.json(node.send("GET", "/v2/fns/" + fn + "/calls?status=success", null)).get("items"))
        .extracting(n -> n.get("id").asText()).containsExactly(ok);
    assertThat(node.json(node.send("GET", "/v2/fns/" + fn + "/calls?status=timeout", null)).get("items")).isEmpty();
    assertError(node.send("GET", "/v2/fns/" + fn + "/calls?status=failed", null), 400,
        "must be one of success, error, timeout, rejected, cancelled");
  }

  @Test
  void unknownFunctionsCallsAndBadParametersAreJsonErrors() throws Exception {
    String fn = node.fn(appId, "errors", image, null);
    assertError(node.send("GET", "/v2/fns/01NOSUCHFN000000000000000/calls", null), 404, "Fn not found");
    assertError(node.send("GET", "/v2/fns/01NOSUCHFN000000000000000/calls/x", null), 404, "Fn not found");
    assertError(node.send("GET", "/v2/fns/" + fn + "/calls/01NOSUCHCALL0000000000000", null), 404, "Call not found");
    assertError(node.send("GET", "/v2/fns/" + fn + "/calls/01NOSUCHCALL0000000000000/log", null), 404,
        "Call not found");
    assertError(node.send("GET", "/v2/fns/" + fn + "/calls?from_time=yesterday", null), 400, "from_time");
    assertError(node.send("GET", "/v2/fns/" + fn + "/calls?to_time=-5", null), 400, "to_time");
    assertError(node.send("GET", "/v2/fns/" + fn + "/calls?per_page=many", null), 400, "per_page");
    assertError(node.send("GET", "/v2/fns/" + fn + "/calls?cursor=!!!", null), 400, "cursor");

    // a call of another function is not found under this one
    String other = node.fn(appId, "other", image, null);
    String id = callId(node.invoke(other, "echo\nx"));
    record(other, id);
    assertError(node.send("GET", "/v2/fns/" + fn + "/calls/" + id, null), 404, "Call not found");
  }

  @Test
  void metricsCountCallsAndShowTheNode() throws Exception {
    String fn = node.fn(appId, "metered", image, null);
    node.invoke(fn, "echo\n1");
    node.invoke(fn, "crash");
    HttpResponse<String> m = node.send("GET", "/metrics", null);
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    assertThat(m.body())
        .contains("hearth_calls_total{fn_id=\"" + fn + "\",status=\"success\"} 1.0\n")
        .contains("hearth_calls_total{fn_id=\"" + fn + "\",status=\"error\"} 1.0\n")
        .contains("# TYPE hearth_call_duration_seconds histogram\n")
        .contains("hearth_call_duration_seconds_bucket{status=\"success\",le=\"+Inf\"}")
        .contains("hearth_warm_containers{fn_id=\"" + fn + "\"} 1.0\n")
        .contains("hearth_datastore_up 1.0\n")
        .contains("# TYPE hearth_cold_starts_total counter\n")
        .contains("hearth_call_records_dropped_total 0.0\n");
    for (String line : m.body().split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) [a-z_]+ .*|[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? "
          + "(-?[0-9.E-]+|\\+Inf|NaN)");
    }
  }

  private static void assertError(HttpResponse<String> r, int status, String messagePart) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(node.json(r).get("message").asText()).contains(messagePart);
  }
}
