package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.agent.AgentConfig;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.uds.HttpWire;
import io.hearth.samples.TestFn;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Functions and leases on one node's ledger, on the real engine: an idle function container is
 * evicted to make room for an alloc that would not fit beside it, a second alloc that would not
 * fit is refused naming memory, and after the alloc is freed the function is called again.
 */
class LeasesEvictionIntegrationTest {
  private static final long MIB = 1L << 20;
  /** Bounds the waits for the engine; a test that waits this long has failed. */
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static TestServer node;
  private static String image;

  @BeforeAll
  static void start() throws Exception {
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    node = TestServer.start(Map.of("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(512 * MIB)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void idleFunctionContainerEvictedForAnAlloc() throws Exception {
    String fn = node.fn(node.app("evict"), "f", image, "\"memory\":256");
    assertThat(node.invoke(fn, "x").statusCode()).isEqualTo(200);
    String nodeId = node.json(node.send("GET", "/v2/offers", null)).get("items").get(0).get("node_id").asText();
    List<String> warm = TestDocker.driver().list(Map.of(AgentConfig.NODE_LABEL, nodeId));
    assertThat(warm).as("the call's container stays warm").hasSize(1);
    JsonNode offer = node.json(node.send("GET", "/v2/offers", null)).get("items").get(0);
    assertThat(offer.get("available").get("memory_bytes").asLong()).isEqualTo(256 * MIB);

    HttpResponse<String> created = node.send("POST", "/v2/allocs",
        "{\"resources\":{\"memory_bytes\":" + 384 * MIB + ",\"cpu_mcpus\":100},\"owner\":\"evict\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String alloc = node.json(created).get("id").asText();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!TestDocker.driver().list(Map.of(AgentConfig.NODE_LABEL, nodeId)).isEmpty()) {
      assertThat(System.nanoTime()).as("the idle container is removed").isLessThan(deadline);
      Thread.sleep(100);
    }
    JsonNode nodeView = node.json(node.send("GET", "/v2/node", null));
    assertThat(nodeView.get("leased").get("memory_bytes").asLong()).isEqualTo(384 * MIB);

    HttpResponse<String> tooBig = node.send("POST", "/v2/allocs",
        "{\"resources\":{\"memory_bytes\":" + 256 * MIB + "},\"owner\":\"evict\"}");
    assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(503);
    assertThat(node.json(tooBig).get("message").asText()).contains("memory");

    assertThat(node.send("DELETE", "/v2/allocs/" + alloc, null).statusCode()).isEqualTo(200);
    assertThat(node.invoke(fn, "y").statusCode()).isEqualTo(200);
  }
}
