package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An all-in-one node's /v2/node says how long it has been idle, or its longest lease while it holds an alloc. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeIdlenessIntegrationTest {

  @Test
  void theNodeReportsIdleSecondsOrItsLongestLease() throws Exception {
    try (TestServer n = TestServer.start(Map.of())) {
      JsonNode idle = n.json(n.send("GET", "/v2/node", null));
      assertThat(idle.get("idle_secs").isIntegralNumber()).as("idle from the start: %s", idle).isTrue();
      assertThat(idle.get("longest_lease_secs").asLong()).isZero();

      var created = n.send("POST", "/v2/allocs", "{\"owner\":\"ada\",\"keepalive_secs\":90,"
          + "\"resources\":{\"memory_bytes\":" + (16L << 20) + ",\"cpu_mcpus\":100}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = TestServer.JSON.readTree(created.body()).get("id").asText();
      TestCluster.eventually(Duration.ofSeconds(15), () -> {
        JsonNode leased = n.json(n.send("GET", "/v2/node", null));
        assertThat(leased.get("idle_secs").isNull()).as("holding an alloc: %s", leased).isTrue();
        assertThat(leased.get("longest_lease_secs").asLong()).isBetween(1L, 90L);
      });

      assertThat(n.send("DELETE", "/v2/allocs/" + id, null).statusCode()).isEqualTo(200);
      TestCluster.eventually(Duration.ofSeconds(15), () -> {
        JsonNode again = n.json(n.send("GET", "/v2/node", null));
        assertThat(again.get("idle_secs").isIntegralNumber()).as("idle again: %s", again).isTrue();
        assertThat(again.get("longest_lease_secs").asLong()).isZero();
      });
    }
  }
}
