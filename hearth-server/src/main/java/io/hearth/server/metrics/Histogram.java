package io.hearth.server.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram with fixed bucket upper bounds and a fixed set of label names. Each observation adds
 * to one bucket (the first whose bound is at least the value, else +Inf), the sum and, through the
 * buckets, the count. A scrape shows cumulative buckets, and a count equal to the +Inf bucket.
 * Thread-safe and lock-free on the hot path.
 */
final class Histogram implements Collector {
  /** Call latencies, seconds: 1 ms (a warm call) to 5 minutes (the longest timeout). */
  static final double[] LATENCY_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
      10, 30, 60, 300};

  private final String name;
  private final String help;
  private final List<String> labelNames;
  private final double[] bounds;
  private final ConcurrentHashMap<List<String>, Cells> cells = new ConcurrentHashMap<>();

  Histogram(String name, String help, double[] bounds, String... labelNames) {
    this.name = MetricFamily.checkName(name);
    this.help = help;
    this.labelNames = MetricFamily.checkLabels(List.of(labelNames));
    if (this.labelNames.contains("le")) {
      throw new IllegalArgumentException("'le' is the bucket label of a histogram");
    }
    this.bounds = bounds.clone();
    for (int i = 0; i < bounds.length; i++) {
      if (Double.isNaN(bounds[i]) || i > 0 && bounds[i] <= bounds[i - 1]) {
        throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(bounds));
      }
    }
  }

  private static final class Cells {
    final LongAdder[] buckets; // one per bound, then +Inf; not cumulative
    final DoubleAdder sum = new DoubleAdder();

    Cells(int size) {
      buckets = new LongAdder[size + 1];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }

  void observe(double value, String... labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    Cells c = cells.computeIfAbsent(List.of(labelValues), k -> new Cells(bounds.length));
    int i = Arrays.binarySearch(bounds, value);
    int bucket = i >= 0 ? i : -i - 1; // first bound >= value, or bounds.length for +Inf
    c.buckets[bucket].increment();
    c.sum.add(value);
  }

  @Override
  public List<MetricFamily> collect() {
    List<MetricFamily.Sample> samples = new ArrayList<>();
    for (Map.Entry<List<String>, Cells> e : Sorting.byLabels(cells)) {
      Cells c = e.getValue();
      long cumulative = 0;
      for (int i = 0; i <= bounds.length; i++) {
        cumulative += c.buckets[i].sum();
        String le = i < bounds.length ? Exposition.number(bounds[i]) : "+Inf";
        samples.add(new MetricFamily.Sample(name + "_bucket", labelNames, e.getKey(), cumulative).with("le", le));
      }
      samples.add(new MetricFamily.Sample(name + "_sum", labelNames, e.getKey(), c.sum.sum()));
      samples.add(new MetricFamily.Sample(name + "_count", labelNames, e.getKey(), cumulative));
    }
    return List.of(new MetricFamily(name, help, MetricFamily.Type.HISTOGRAM, samples));
  }
}
