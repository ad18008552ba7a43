package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The leases API end to end on an all-in-one node: the real Jetty front, lease book, lease store
 * (embedded datastore) and Docker Engine. An offer, an alloc on it, an exec's exit code and log, a
 * second exec reading the first one's file through {@code /alloc}, the file read over HTTP, a free
 * that kills a running exec, and the keepalive after it refused.
 */
class LeasesIntegrationTest {
  /** Bounds the waits for an exec's container; a test that waits this long has failed. */
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static TestServer node;
  private static String busybox;

  @BeforeAll
  static void start() throws Exception {
    busybox = TestImages.busybox(); // skips when no engine answers
    node = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return node.json(r);
  }

  private String exec(String alloc, String script) throws Exception {
    JsonNode e = ok(node.send("POST", "/v2/allocs/" + alloc + "/execs", "{\"image\":\"" + busybox
        + "\",\"cmd\":[\"sh\",\"-c\"," + TestServer.JSON.writeValueAsString(script) + "],\"labels\":{\"t\":\"it\"}}"),
        201);
    assertThat(e.get("state").asText()).isIn("pending", "running");
    return e.get("id").asText();
  }

  /** Reads the exec until {@code until} holds (bounded by {@link #WAIT}). */
  private JsonNode await(String alloc, String exec, Predicate<JsonNode> until) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode e = ok(node.send("GET", "/v2/allocs/" + alloc + "/execs/" + exec, null), 200);
      if (until.test(e)) {
        return e;
      }
      assertThat(System.nanoTime()).as("exec " + exec + " still " + e).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static boolean finished(JsonNode e) {
    return e.has("finished_at");
  }

  @Test
  void offerAllocExecsSharingAlloc_filesFreeAndGone() throws Exception {
    JsonNode offers = ok(node.send("GET", "/v2/offers", null), 200);
    assertThat(offers.get("unreachable")).isEmpty();
    JsonNode offer = offers.get("items").get(0);
    String nodeId = offer.get("node_id").asText();
    assertThat(offer.get("available").get("memory_bytes").asLong()).isGreaterThanOrEqualTo(256L << 20);

    JsonNode alloc = ok(node.send("POST", "/v2/allocs", "{\"offer_id\":\"" + offer.get("id").asText()
        + "\",\"resources\":{\"memory_bytes\":268435456,\"cpu_mcpus\":500},\"owner\":\"it\",\"labels\":{\"k\":\"v\"}}"),
        201);
    String id = alloc.get("id").asText();
    assertThat(id).startsWith(nodeId + ".");
    assertThat(alloc.get("state").asText()).isEqualTo("active");

    String first = exec(id, "echo hello > /alloc/out.txt; echo logged; exit 3");
    JsonNode done = await(id, first, LeasesIntegrationTest::finished);
    assertThat(done.get("state").asText()).isEqualTo("failed");
    assertThat(done.get("exit_code").asInt()).isEqualTo(3);
    assertThat(done.get("oom").asBoolean()).isFalse();
    HttpResponse<String> log = node.send("GET", "/v2/allocs/" + id + "/execs/" + first + "/log", null);
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(log.body()).contains("logged");
    assertThat(node.send("GET", "/v2/allocs/" + id + "/execs/" + first + "/log?follow=true", null).body())
        .contains("logged");

    String second = exec(id, "tr a-z A-Z < /alloc/out.txt > /alloc/up.txt");
    JsonNode two = await(id, second, LeasesIntegrationTest::finished);
    assertThat(two.get("state").asText()).as(two.toString()).isEqualTo("succeeded");
    assertThat(two.get("exit_code").asInt()).isZero();
    HttpResponse<byte[]> file = node.http.send(HttpRequest.newBuilder(URI.create(node.url("/v2/allocs/" + id
        + "/files/up.txt"))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(new String(file.body())).isEqualTo("HELLO\n");
    assertThat(node.send("GET", "/v2/allocs/" + id + "/files/missing.txt", null).statusCode()).isEqualTo(404);

    String sleeper = exec(id, "sleep 300");
    await(id, sleeper, e -> e.get("state").asText().equals("running"));
    JsonNode freed = ok(node.send("DELETE", "/v2/allocs/" + id, null), 200);
    assertThat(freed.get("state").asText()).isEqualTo("freed");
    assertThat(freed.has("ended_at")).isTrue();
    JsonNode killed = await(id, sleeper, LeasesIntegrationTest::finished);
    assertThat(killed.get("state").asText()).isEqualTo("killed");

    HttpResponse<String> gone = node.send("POST", "/v2/allocs/" + id + "/keepalive", "{\"interval_secs\":60}");
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(node.json(gone).get("message").asText()).isNotBlank();
    JsonNode listed = ok(node.send("GET", "/v2/allocs?owner=it&state=freed", null), 200);
    assertThat(listed.get("items").get(0).get("id").asText()).isEqualTo(id);
    assertThat(listed.get("items").get(0).get("execs")).hasSize(3);
    assertThat(node.send("GET", "/metrics", null).body()).contains("hearth_allocs{state=\"freed\"} 1.0\n");
  }
}
