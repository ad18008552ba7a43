package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Async and detached calls on an all-in-one node (embedded H2, real containers), issue 13 points 2
 * and 4: 202 with Fn-Call-Id once committed, the state and the stored result, retries on 5xx up to
 * the function's attempts, HTTP triggers, 413 over HEARTH_MAX_ASYNC_BODY, 429 with Retry-After when
 * a function's queue is full, a detached call's record before its 202.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AsyncCallsIntegrationTest {
  private static TestServer node;
  private static String app;
  private static String image;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    node = TestServer.start(Map.of("HEARTH_MAX_ASYNC_BODY", "1024", "HEARTH_ASYNC_MAX_QUEUED", "3"));
    app = node.app("async");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private HttpResponse<String> post(String path, String body, String invokeType) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.url(path))).header("Fn-Invoke-Type", invokeType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitFinal(String fn, String callId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode call = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = node.send("GET", "/v2/fns/" + fn + "/calls/" + callId, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      call = node.json(r);
      if (List.of("success", "error", "timeout").contains(call.get("state").asText())) {
        return call;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("call " + callId + " did not end: " + call);
  }

  @Test
  void anAsyncCallIsAcceptedThenRunAndItsAnswerKept() throws Exception {
    String fn = node.fn(app, "echo", image, null);
    HttpResponse<String> accepted = post("/invoke/" + fn, "echo\nhello async", "async");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String callId = accepted.headers().firstValue("Fn-Call-Id").orElseThrow();
    assertThat(node.json(accepted).get("call_id").asText()).isEqualTo(callId);

    JsonNode call = awaitFinal(fn, callId);
    assertThat(call.get("state").asText()).isEqualTo("success");
    assertThat(call.get("kind").asText()).isEqualTo("async");
    assertThat(call.get("attempts").asInt()).isEqualTo(1);
    assertThat(call.get("max_attempts").asInt()).isEqualTo(3);
    assertThat(call.has("completed_at")).isTrue();

    HttpResponse<String> result = node.send("GET", "/v2/fns/" + fn + "/calls/" + callId + "/result", null);
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.body()).isEqualTo("hello async");
    assertThat(result.headers().firstValue("Hearth-Call-State")).contains("success");

    String metrics = node.send("GET", "/metrics", null).body();
    assertThat(metrics).contains("hearth_async_accepted_total").contains("hearth_async_outcomes_total{state=\"success\"}");
  }

  @Test
  void aCallAnswered5xxIsRetriedUpToItsAttemptsThenEndsInError() throws Exception {
    String fn = node.fn(app, "unavailable", image, "\"annotations\":{\"hearth.io/async_max_attempts\":2}");
    HttpResponse<String> accepted = post("/invoke/" + fn, "raw-status 503", "async");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String callId = accepted.headers().firstValue("Fn-Call-Id").orElseThrow();
    JsonNode call = awaitFinal(fn, callId);
    assertThat(call.get("state").asText()).as(call.toString()).isEqualTo("error");
    assertThat(call.get("attempts").asInt()).isEqualTo(2);
    assertThat(call.get("max_attempts").asInt()).isEqualTo(2);
    HttpResponse<String> result = node.send("GET", "/v2/fns/" + fn + "/calls/" + callId + "/result", null);
    assertThat(result.statusCode()).as(result.body()).isBetween(500, 599);
  }

  @Test
  void anHttpTriggerTakesAsyncCallsToo() throws Exception {
    String fn = node.fn(app, "trig", image, null);
    HttpResponse<String> t = node.send("POST", "/v2/triggers", ApiCases.trigger("tr", app, fn, "http", "/trig"));
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    HttpResponse<String> accepted = post("/t/async/trig", "echo\nby trigger", "async");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String callId = accepted.headers().firstValue("Fn-Call-Id").orElseThrow();
    assertThat(awaitFinal(fn, callId).get("state").asText()).isEqualTo("success");
    assertThat(node.send("GET", "/v2/fns/" + fn + "/calls/" + callId + "/result", null).body()).isEqualTo("by trigger");

    HttpResponse<String> mapped = post("/t/async/trig", "status 201 Fn-Http-H-X-Made:here", "async");
    assertThat(mapped.statusCode()).isEqualTo(202);
    String mappedId = mapped.headers().firstValue("Fn-Call-Id").orElseThrow();
    assertThat(awaitFinal(fn, mappedId).get("state").asText()).isEqualTo("success");
    HttpResponse<String> result = node.send("GET", "/v2/fns/" + fn + "/calls/" + mappedId + "/result", null);
    assertThat(result.statusCode()).as("the trigger's mapping: Fn-Http-Status").isEqualTo(201);
    assertThat(result.headers().firstValue("X-Made")).as("Fn-Http-H-* unprefixed").contains("here");
  }

  @Test
  void aBodyOverTheAsyncLimitIs413() throws Exception {
    String fn = node.fn(app, "big", image, null);
    HttpResponse<String> r = post("/invoke/" + fn, "echo\n" + "x".repeat(2000), "async");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(node.json(r).get("message").asText()).contains("HEARTH_MAX_ASYNC_BODY");
  }

  @Test
  void aFullQueueIs429WithRetryAfter() throws Exception {
    String fn = node.fn(app, "slow", image, null);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = post("/invoke/" + fn, "sleep 10000", "async"); // long enough to be open at the 4th
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      ids.add(r.headers().firstValue("Fn-Call-Id").orElseThrow());
    }
    HttpResponse<String> full = post("/invoke/" + fn, "sleep 10000", "async");
    assertThat(full.statusCode()).isEqualTo(429);
    assertThat(full.headers().firstValue("Retry-After")).isPresent();
    assertThat(node.json(full).get("message").asText()).contains("HEARTH_ASYNC_MAX_QUEUED");
    HttpResponse<String> early = node.send("GET", "/v2/fns/" + fn + "/calls/" + ids.getFirst() + "/result", null);
    assertThat(early.statusCode()).as("no result before the call ends").isIn(409, 200);
    for (String id : ids) {
      assertThat(awaitFinal(fn, id).get("state").asText()).isEqualTo("success");
    }
  }

  @Test
  void theCliInvokesAsyncAndReadsTheStateAndTheResult() throws Exception {
    String fn = node.fn(app, "cli", image, null);
    java.util.function.Function<String[], String[]> cli = args -> {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int code = io.hearth.cli.Cli.run(args, Map.of("HEARTH_URL", node.url("")),
          new java.io.ByteArrayInputStream(new byte[0]), new java.io.PrintStream(out, true),
          new java.io.PrintStream(err, true));
      return new String[] {Integer.toString(code), out.toString(), err.toString()};
    };
    String[] invoked = cli.apply(new String[] {"invoke", "async", "cli", "--async", "--data", "echo\nfrom the cli"});
    assertThat(invoked[0]).as(invoked[2]).isEqualTo("0");
    String callId = invoked[1].strip();
    assertThat(callId).hasSize(26);
    awaitFinal(fn, callId);
    String[] got = cli.apply(new String[] {"calls", "get", "async", "cli", callId});
    assertThat(got[0]).as(got[2]).isEqualTo("0");
    assertThat(got[1]).contains("\"state\"").contains("success");
    String[] result = cli.apply(new String[] {"calls", "result", "async", "cli", callId});
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(result[1]).isEqualTo("from the cli");
  }

  @Test
  void aDetachedCallIsRecordedBeforeIts202() throws Exception {
    String fn = node.fn(app, "detached", image, null);
    HttpResponse<String> r = post("/invoke/" + fn, "sleep 1500", "detached");
    assertThat(r.statusCode()).isEqualTo(202);
    String callId = r.headers().firstValue("Fn-Call-Id").orElseThrow();
    HttpResponse<String> at202 = node.send("GET", "/v2/fns/" + fn + "/calls/" + callId, null);
    assertThat(at202.statusCode()).as("recorded before the 202, while it runs: %s", at202.body()).isEqualTo(200);
    JsonNode running = node.json(at202);
    assertThat(running.get("kind").asText()).isEqualTo("detached");
    assertThat(running.get("state").asText()).isIn("running", "success"); // a 1.5 s call: running, unless the machine stalled
    assertThat(awaitFinal(fn, callId).get("state").asText()).isEqualTo("success");
  }
}
