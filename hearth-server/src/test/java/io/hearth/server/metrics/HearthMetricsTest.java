package io.hearth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallResult;
import io.hearth.core.ledger.Resources;
import io.hearth.core.status.NodeStatus;
import io.hearth.server.calls.CallRecords;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Hearth's families: calls, node status, datastore health (cached) and the record writer. */
class HearthMetricsTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private final AtomicInteger pings = new AtomicInteger();
  private volatile boolean dbUp = true;

  private HearthMetrics metrics() {
    NodeStatus status = new NodeStatus("n1", new Resources(1024, 2000), new Resources(256, 500),
        Map.of("idle", 2, "busy", 1), Map.of("F1", 3), 4, 1, 0, 0, 7, 5, 6, 8, false);
    return new HearthMetrics("1.2.3", clock, () -> status, () -> {
      pings.incrementAndGet();
      if (!dbUp) {
        throw new IllegalStateException("down");
      }
    }, () -> new CallRecords.Stats(10, 2, 1, 3));
  }

  @Test
  void callsAreCountedByFunctionAndStatus() {
    HearthMetrics m = metrics();
    m.record("c1", "a", "F1", new CallResult.Completed(200, new CallResult.Timings(1_000_000, 0, 2_000_000), CallOutput.NONE));
    m.record("c2", "a", "F1", new CallResult.Failed(CallError.TIMED_OUT, "Timed out", false,
        new CallResult.Timings(0, 500_000_000, 1_000_000_000), CallOutput.NONE));
    m.record("c3", "a", "F2", new CallResult.Failed(CallError.OUT_OF_MEMORY, "oom", false,
        new CallResult.Timings(0, 0, 1), CallOutput.NONE));
    String text = m.scrape();
    assertThat(text)
        .contains("hearth_calls_total{fn_id=\"F1\",status=\"success\"} 1.0\n")
        .contains("hearth_calls_total{fn_id=\"F1\",status=\"timeout\"} 1.0\n")
        .contains("hearth_calls_total{fn_id=\"F2\",status=\"error\"} 1.0\n")
        .contains("hearth_call_duration_seconds_bucket{status=\"success\",le=\"0.005\"} 1\n")
        .contains("hearth_call_duration_seconds_count{status=\"timeout\"} 1\n")
        .contains("hearth_call_duration_seconds_sum{status=\"timeout\"} 1.5\n")
        .contains("hearth_container_start_seconds_count 1\n")
        .contains("hearth_build_info{version=\"1.2.3\"} 1\n");
  }

  @Test
  void nodeStatusAndRecordWriterAreRead() {
    String text = metrics().scrape();
    assertThat(text)
        .contains("# TYPE hearth_containers gauge\n")
        .contains("hearth_containers{state=\"busy\"} 1.0\n")
        .contains("hearth_containers{state=\"idle\"} 2.0\n")
        .contains("hearth_containers{state=\"starting\"} 0.0\n")
        .contains("hearth_warm_containers{fn_id=\"F1\"} 3.0\n")
        .contains("hearth_memory_capacity_bytes 1024.0\n")
        .contains("hearth_memory_used_bytes 256.0\n")
        .contains("hearth_cpu_capacity_millicpus 2000.0\n")
        .contains("hearth_calls_waiting 4.0\n")
        .contains("# TYPE hearth_cold_starts_total counter\nhearth_cold_starts_total 5.0\n")
        .contains("hearth_warm_starts_total 6.0\n")
        .contains("hearth_calls_refused_total 7.0\n")
        .contains("hearth_evictions_total 8.0\n")
        .contains("hearth_call_records_written_total 10.0\n")
        .contains("hearth_call_records_dropped_total 2.0\n")
        .contains("hearth_call_records_failed_total 1.0\n")
        .contains("hearth_call_records_queued 3.0\n");
  }

  @Test
  void callRetriesAreReadByReasonAtEachScrape() {
    java.util.concurrent.atomic.AtomicLong connect = new java.util.concurrent.atomic.AtomicLong(2);
    HearthMetrics m = metrics().callRetries(() -> Map.of("closing", 1L, "connect", connect.get(), "write", 0L));
    assertThat(m.scrape())
        .contains("# TYPE hearth_call_retries_total counter\n")
        .contains("hearth_call_retries_total{reason=\"closing\"} 1.0\n")
        .contains("hearth_call_retries_total{reason=\"connect\"} 2.0\n")
        .contains("hearth_call_retries_total{reason=\"write\"} 0.0\n");
    connect.set(3);
    assertThat(m.scrape()).contains("hearth_call_retries_total{reason=\"connect\"} 3.0\n");
  }

  @Test
  void datastoreHealthIsCheckedAtMostEveryFewSeconds() {
    HearthMetrics m = metrics();
    assertThat(m.scrape()).contains("hearth_datastore_up 1.0\n");
    dbUp = false;
    assertThat(m.scrape()).contains("hearth_datastore_up 1.0\n"); // cached
    assertThat(pings.get()).isEqualTo(1);
    now.set(now.get().plus(HearthMetrics.DATASTORE_CHECK_EVERY));
    assertThat(m.scrape()).contains("hearth_datastore_up 0.0\n");
    assertThat(pings.get()).isEqualTo(2);
    dbUp = true;
    now.set(now.get().plus(Duration.ofSeconds(5)));
    assertThat(m.scrape()).contains("hearth_datastore_up 1.0\n");
  }
}
