package io.hearth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.status.NodeStatus;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.metrics.Families.Kind;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a scraper reads: Prometheus' text format, with the JVM's and the process's metrics beside Hearth's. */
class ScrapeTest {

  private static HearthMetrics metrics() {
    return new HearthMetrics("1", () -> Instant.EPOCH, () -> NodeStatus.empty("n1"), () -> {},
        () -> new CallRecords.Stats(0, 0, 0, 0));
  }

  private static String text(MetricSnapshots snapshots) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aScrapeCarriesTheJvmsAndTheProcesssMetrics() {
    String text = metrics().scrape();
    assertThat(text)
        .contains("# TYPE jvm_memory_used_bytes gauge\n")
        .contains("# TYPE jvm_threads_current gauge\n")
        .contains("# TYPE jvm_gc_collection_seconds summary\n")
        .contains("# TYPE process_cpu_seconds_total counter\n")
        .contains("# TYPE process_start_time_seconds gauge\n")
        .contains("# TYPE hearth_container_start_seconds histogram\n")
        .contains("hearth_container_start_seconds_count 0\n");
    assertThat(metrics().scrape()).as("a second node in the same JVM scrapes alike")
        .contains("# TYPE process_cpu_seconds_total counter\n");
  }

  @Test
  void labelValuesAndHelpAreEscapedAndFamiliesSorted() throws Exception {
    String text = text(new MetricSnapshots(
        Families.labelled("b_total", "by fn\\status\nsecond line", Kind.COUNTER, "fn_id",
            Map.of("q\"uote\\back\nslash", 1, "a", 3)),
        Families.gauge("a", "a gauge", 0.25)));
    assertThat(text).isEqualTo("""
        # HELP a a gauge
        # TYPE a gauge
        a 0.25
        # HELP b_total by fn\\\\status\\nsecond line
        # TYPE b_total counter
        b_total{fn_id="a"} 3.0
        b_total{fn_id="q\\"uote\\\\back\\nslash"} 1.0
        """);
  }

  @Test
  void aCounterIsNamedWithItsSuffix() {
    assertThatThrownBy(() -> Families.counter("hearth_things", "x", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("_total");
  }
}
