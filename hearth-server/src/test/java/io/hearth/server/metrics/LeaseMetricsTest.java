package io.hearth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.status.NodeStatus;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.leases.NodeLeases.LeaseStats;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leases' families, read from the node's lease stats at each scrape. */
class LeaseMetricsTest {

  private static String scrape(LeaseStats stats) {
    NodeStatus status = new NodeStatus("n1", new Resources(1024, 2000), new Resources(256, 500),
        Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, false);
    return new HearthMetrics("1", () -> Instant.EPOCH, () -> status, () -> {}, () -> new CallRecords.Stats(0, 0, 0, 0))
        .leases(() -> stats).scrape();
  }

  @Test
  void allocsLeasedResourcesKeepalivesReclaimsAndExecs() {
    String text = scrape(new LeaseStats(Map.of("active", 2L, "expired", 1L),
        new Resources(1L << 30, 1500, Map.of(Resources.GPU, 1L, "fpga", 2L)),
        new Resources(8L << 30, 4000, Map.of(Resources.DISK, 100L, Resources.GPU, 2L)), 7, 3,
        Map.of("succeeded", 4L, "killed", 1L)));
    assertThat(text)
        .contains("# TYPE hearth_allocs gauge\n")
        .contains("hearth_allocs{state=\"active\"} 2.0\n")
        .contains("hearth_allocs{state=\"expired\"} 1.0\n")
        .contains("hearth_allocs{state=\"freed\"} 0.0\n")
        .contains("hearth_allocs{state=\"reclaimed\"} 0.0\n")
        .contains("hearth_leased_memory_bytes 1.073741824E9\n")
        .contains("hearth_capacity_memory_bytes 8.589934592E9\n")
        .contains("hearth_leased_cpu_mcpus 1500.0\n")
        .contains("hearth_capacity_cpu_mcpus 4000.0\n")
        .contains("hearth_leased_disk_bytes 0.0\n")
        .contains("hearth_capacity_disk_bytes 100.0\n")
        .contains("hearth_leased_gpus 1.0\n")
        .contains("hearth_capacity_gpus 2.0\n")
        .contains("hearth_leased_resource{resource=\"fpga\"} 2.0\n")
        .contains("hearth_capacity_resource{resource=\"fpga\"} 0.0\n")
        .contains("# TYPE hearth_alloc_keepalives_total counter\nhearth_alloc_keepalives_total 7.0\n")
        .contains("hearth_alloc_reclaims_total 3.0\n")
        .contains("# TYPE hearth_execs_total counter\n")
        .contains("hearth_execs_total{state=\"succeeded\"} 4.0\n")
        .contains("hearth_execs_total{state=\"failed\"} 0.0\n")
        .contains("hearth_execs_total{state=\"killed\"} 1.0\n");
  }

  @Test
  void anIdleNodeStillShowsEverySeries() {
    String text = scrape(new LeaseStats(Map.of(), Resources.ZERO, new Resources(1024, 0), 0, 0, Map.of()));
    assertThat(text)
        .contains("hearth_allocs{state=\"active\"} 0.0\n")
        .contains("hearth_leased_memory_bytes 0.0\n")
        .contains("hearth_capacity_memory_bytes 1024.0\n")
        .contains("hearth_execs_total{state=\"killed\"} 0.0\n")
        .doesNotContain("hearth_leased_resource{");
  }
}
