package io.hearth.server.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.ledger.Resources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire's resource names against the ledger's. */
class WireResourcesTest {

  @Test
  void theFourFieldsAndNamedResourcesRoundTrip() {
    Resources r = new Resources(1024, 1500, Map.of(Resources.DISK, 10L, Resources.GPU, 2L, "fpga", 1L));
    assertThat(WireResources.toWire(r)).containsExactly(Map.entry("cpu_mcpus", 1500L), Map.entry("disk_bytes", 10L),
        Map.entry("fpga", 1L), Map.entry("gpus", 2L), Map.entry("memory_bytes", 1024L));
    assertThat(WireResources.fromWire(WireResources.toWire(r))).isEqualTo(r);
  }

  @Test
  void aMissingKeyIsZeroAndZeroIsShown() {
    assertThat(WireResources.fromWire(Map.of("gpus", 1L))).isEqualTo(new Resources(0, 0, Map.of(Resources.GPU, 1L)));
    assertThat(WireResources.toWire(Resources.ZERO)).containsOnlyKeys("memory_bytes", "cpu_mcpus", "disk_bytes", "gpus")
        .allSatisfy((k, v) -> assertThat(v).isZero());
  }

  @Test
  void theLedgersOwnNamesAndNegativeAmountsAreRefused() {
    assertThatThrownBy(() -> WireResources.fromWire(Map.of("gpu", 1L))).hasMessageContaining("use 'gpus'");
    assertThatThrownBy(() -> WireResources.fromWire(Map.of("cpu", 1L))).hasMessageContaining("use 'cpu_mcpus'");
    assertThatThrownBy(() -> WireResources.fromWire(Map.of("fpga", -1L))).hasMessageContaining("resources.fpga");
    assertThatThrownBy(() -> WireResources.fromWire(Map.of("", 1L))).hasMessageContaining("named resource");
  }
}
