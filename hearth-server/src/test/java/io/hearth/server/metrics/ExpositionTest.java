package io.hearth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's families, written in Prometheus' text format 0.0.4, byte for byte. */
class ExpositionTest {

  @Test
  void countersWithLabelsAreSortedAndEscaped() {
    MetricsRegistry r = new MetricsRegistry();
    Counter c = r.counter("hearth_calls_total", "Calls by fn\\status\nsecond line", "fn_id", "status");
    c.inc("b", "success");
    c.inc("a", "error");
    c.add(2, "a", "error");
    c.inc("q\"uote\\back\nslash", "success");
    assertThat(r.scrape()).isEqualTo("""
        # HELP hearth_calls_total Calls by fn\\\\status\\nsecond line
        # TYPE hearth_calls_total counter
        hearth_calls_total{fn_id="a",status="error"} 3
        hearth_calls_total{fn_id="b",status="success"} 1
        hearth_calls_total{fn_id="q\\"uote\\\\back\\nslash",status="success"} 1
        """);
  }

  @Test
  void anUnlabelledCounterShowsZeroBeforeItsFirstEvent() {
    MetricsRegistry r = new MetricsRegistry();
    r.counter("x_total", "x");
    assertThat(r.scrape()).isEqualTo("# HELP x_total x\n# TYPE x_total counter\nx_total 0\n");
  }

  @Test
  void histogramsAreCumulativeWithInfSumAndCount() {
    MetricsRegistry r = new MetricsRegistry();
    Histogram h = r.histogram("lat_seconds", "latency", new double[] {0.25, 1, 2.5}, "status");
    h.observe(0.125, "ok");
    h.observe(0.25, "ok"); // on a bound: that bucket (le is "less or equal")
    h.observe(2, "ok");
    h.observe(7, "ok");
    assertThat(r.scrape()).isEqualTo("""
        # HELP lat_seconds latency
        # TYPE lat_seconds histogram
        lat_seconds_bucket{status="ok",le="0.25"} 2
        lat_seconds_bucket{status="ok",le="1"} 2
        lat_seconds_bucket{status="ok",le="2.5"} 3
        lat_seconds_bucket{status="ok",le="+Inf"} 4
        lat_seconds_sum{status="ok"} 9.375
        lat_seconds_count{status="ok"} 4
        """);
  }

  @Test
  void gaugesAreReadAtEachScrape() {
    MetricsRegistry r = new MetricsRegistry();
    int[] value = {1};
    r.gauge("up", "whether it is up", () -> value[0]);
    assertThat(r.scrape()).endsWith("up 1\n");
    value[0] = 0;
    assertThat(r.scrape()).isEqualTo("# HELP up whether it is up\n# TYPE up gauge\nup 0\n");
  }

  @Test
  void numbersAsPrometheusWritesThem() {
    assertThat(Exposition.number(3)).isEqualTo("3");
    assertThat(Exposition.number(-2)).isEqualTo("-2");
    assertThat(Exposition.number(0.25)).isEqualTo("0.25");
    assertThat(Exposition.number(1e20)).isEqualTo("1.0E20");
    assertThat(Exposition.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(Exposition.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(Exposition.number(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void mistakesAreRefused() {
    MetricsRegistry r = new MetricsRegistry();
    assertThatThrownBy(() -> r.counter("bad-name", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.counter("ok", "x", "__reserved")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.histogram("h", "x", new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.histogram("h", "x", new double[] {1}, "le")).isInstanceOf(IllegalArgumentException.class);
    Counter c = r.counter("c_total", "x", "a");
    assertThatThrownBy(() -> c.inc()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.add(-1, "v")).isInstanceOf(IllegalArgumentException.class);
    r.counter("c_total", "again");
    assertThatThrownBy(r::scrape).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
  }

  @Test
  void familiesKeepRegistrationOrder() {
    MetricsRegistry r = new MetricsRegistry();
    r.gauge("b", "b", () -> 1);
    r.gauge("a", "a", () -> 2);
    assertThat(r.collect()).extracting(MetricFamily::name).containsExactly("b", "a");
    assertThat(new MetricFamily("n", "h", MetricFamily.Type.GAUGE, List.of()).samples()).isEmpty();
  }
}
