package io.hearth.server.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A tiny metrics registry, JDK only: counters, histograms with fixed buckets, and gauges or
 * counters whose values are read at scrape time. Collectors are registered at start-up; a scrape
 * asks each in registration order and writes Prometheus' text format. Thread-safe.
 */
final class MetricsRegistry {
  private final List<Collector> collectors = new CopyOnWriteArrayList<>();

  <T extends Collector> T register(T collector) {
    collectors.add(collector);
    return collector;
  }

  Counter counter(String name, String help, String... labelNames) {
    return register(new Counter(name, help, labelNames));
  }

  Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
    return register(new Histogram(name, help, bounds, labelNames));
  }

  /** An unlabelled gauge whose value is read at each scrape. */
  void gauge(String name, String help, Supplier<Number> value) {
    MetricFamily.checkName(name);
    register(() -> List.of(new MetricFamily(name, help, MetricFamily.Type.GAUGE,
        List.of(MetricFamily.Sample.of(name, value.get().doubleValue())))));
  }

  /** Every family, in registration order; a name given twice is a bug. */
  List<MetricFamily> collect() {
    List<MetricFamily> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Collector c : collectors) {
      for (MetricFamily f : c.collect()) {
        if (!names.add(f.name())) {
          throw new IllegalStateException("metric " + f.name() + " is registered twice");
        }
        out.add(f);
      }
    }
    return out;
  }

  String scrape() {
    return Exposition.write(collect());
  }
}
