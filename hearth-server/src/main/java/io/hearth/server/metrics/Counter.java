package io.hearth.server.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A counter with a fixed set of label names; one cell per combination of label values, made on
 * first use. Thread-safe and lock-free on the hot path (a map lookup and an adder).
 */
final class Counter implements Collector {
  private final String name;
  private final String help;
  private final List<String> labelNames;
  private final ConcurrentHashMap<List<String>, DoubleAdder> cells = new ConcurrentHashMap<>();

  Counter(String name, String help, String... labelNames) {
    this.name = MetricFamily.checkName(name);
    this.help = help;
    this.labelNames = MetricFamily.checkLabels(List.of(labelNames));
    if (labelNames.length == 0) {
      cells.put(List.of(), new DoubleAdder()); // an unlabelled counter shows 0 before its first event
    }
  }

  void inc(String... labelValues) {
    add(1, labelValues);
  }

  void add(double amount, String... labelValues) {
    if (amount < 0) {
      throw new IllegalArgumentException("a counter only goes up; asked to add " + amount);
    }
    cell(labelValues).add(amount);
  }

  double get(String... labelValues) {
    DoubleAdder cell = cells.get(List.of(labelValues));
    return cell == null ? 0 : cell.sum();
  }

  private DoubleAdder cell(String[] labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    return cells.computeIfAbsent(List.of(labelValues), k -> new DoubleAdder());
  }

  @Override
  public List<MetricFamily> collect() {
    List<MetricFamily.Sample> samples = new ArrayList<>();
    for (Map.Entry<List<String>, DoubleAdder> e : Sorting.byLabels(cells)) {
      samples.add(new MetricFamily.Sample(name, labelNames, e.getKey(), e.getValue().sum()));
    }
    return List.of(new MetricFamily(name, help, MetricFamily.Type.COUNTER, samples));
  }
}
