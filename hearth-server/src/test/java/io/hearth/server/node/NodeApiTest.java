package io.hearth.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeApiTest {

  @Test
  void resourcesAreWrittenWithTheApisNamesTheBuiltInOnesAlwaysThenTheNamedOnes() {
    assertThat(NodeApi.json(Resources.ZERO)).containsExactly(Map.entry("memory_bytes", 0L), Map.entry("cpu_mcpus", 0L),
        Map.entry("disk_bytes", 0L), Map.entry("gpus", 0L));
    assertThat(NodeApi.json(new Resources(1024, 500, Map.of(Resources.DISK, 7L, Resources.GPU, 2L, "fpga", 1L))))
        .containsExactly(Map.entry("memory_bytes", 1024L), Map.entry("cpu_mcpus", 500L), Map.entry("disk_bytes", 7L),
            Map.entry("gpus", 2L), Map.entry("fpga", 1L));
  }
}
