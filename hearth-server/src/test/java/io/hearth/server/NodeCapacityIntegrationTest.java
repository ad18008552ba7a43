package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.ledger.Resources;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real node's one ledger: its capacity as probed and configured, shared by the agent, and reported by /v2/node. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeCapacityIntegrationTest {

  @Test
  void theNodesLedgerHoldsDiskGpusAndNamedResourcesAndTheNodeApiReportsThem() throws Exception {
    try (TestServer n = TestServer.start(Map.of("HEARTH_GPUS", "2", "HEARTH_RESOURCES", "fpga=1"))) {
      Resources capacity = n.server.agent().ledger().capacity();
      assertThat(capacity.amount(Resources.DISK)).as("the data dir's free space, probed").isPositive();
      assertThat(capacity.amount(Resources.GPU)).isEqualTo(2);
      assertThat(capacity.amount("fpga")).isEqualTo(1);
      JsonNode node = n.json(n.send("GET", "/v2/node", null));
      assertThat(node.get("capacity").get("gpus").asLong()).isEqualTo(2);
      assertThat(node.get("capacity").get("fpga").asLong()).isEqualTo(1);
      assertThat(node.get("capacity").get("disk_bytes").asLong()).isEqualTo(capacity.amount(Resources.DISK));
      assertThat(node.get("capacity").get("memory_bytes").asLong()).isEqualTo(capacity.memoryBytes());
      assertThat(node.get("leased").get("memory_bytes").asLong()).isZero();
    }
    try (TestServer n = TestServer.start(Map.of("HEARTH_MAX_DISK_BYTES", "1073741824"))) {
      assertThat(n.server.agent().ledger().capacity().amount(Resources.DISK)).isEqualTo(1L << 30);
    }
  }
}
