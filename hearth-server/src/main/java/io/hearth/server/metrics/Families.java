package io.hearth.server.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric families read at scrape time, as the Prometheus client's snapshots: a value Hearth already
 * keeps elsewhere (the node's status, lease stats, the record writer's counts) is shown as it is
 * at the scrape, not copied into a live counter. Names are the exposed ones ({@code _total}
 * included for counters). Pure.
 */
final class Families {
  private static final String TOTAL = "_total";

  private Families() {}

  /** Whether a family is a counter (only goes up) or a gauge. */
  enum Kind { COUNTER, GAUGE }

  static MetricSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder().name(name).help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
  }

  static MetricSnapshot counter(String name, String help, double value) {
    return CounterSnapshot.builder().name(base(name)).help(help)
        .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
  }

  /** One sample per entry, labelled {@code label="key"}, in the keys' order. */
  static MetricSnapshot labelled(String name, String help, Kind kind, String label,
      Map<String, ? extends Number> values) {
    Map<String, ? extends Number> sorted = new TreeMap<>(values);
    if (kind == Kind.COUNTER) {
      CounterSnapshot.Builder b = CounterSnapshot.builder().name(base(name)).help(help);
      sorted.forEach((k, v) -> b.dataPoint(CounterDataPointSnapshot.builder().value(v.doubleValue())
          .labels(Labels.of(label, k)).build()));
      return b.build();
    }
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    sorted.forEach((k, v) -> b.dataPoint(GaugeDataPointSnapshot.builder().value(v.doubleValue())
        .labels(Labels.of(label, k)).build()));
    return b.build();
  }

  /** A counter's name without {@code _total}: the client adds the suffix as it writes the family. */
  private static String base(String name) {
    if (!name.endsWith(TOTAL)) {
      throw new IllegalArgumentException("a counter's name ends in _total: " + name);
    }
    return name.substring(0, name.length() - TOTAL.length());
  }
}
