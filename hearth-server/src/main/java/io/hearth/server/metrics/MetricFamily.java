package io.hearth.server.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric as scraped: its name, help, type and samples. Samples carry their full name (a
 * histogram's have the {@code _bucket}, {@code _sum} and {@code _count} suffixes) and their labels.
 */
record MetricFamily(String name, String help, Type type, List<Sample> samples) {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  enum Type {
    COUNTER, GAUGE, HISTOGRAM;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One value; {@code labelNames} and {@code labelValues} pair up by position. */
  record Sample(String name, List<String> labelNames, List<String> labelValues, double value) {
    Sample {
      labelNames = List.copyOf(labelNames);
      labelValues = List.copyOf(labelValues);
      if (labelNames.size() != labelValues.size()) {
        throw new IllegalArgumentException("sample " + name + " has " + labelNames.size() + " label names and "
            + labelValues.size() + " values");
      }
    }

    static Sample of(String name, double value) {
      return new Sample(name, List.of(), List.of(), value);
    }

    /** This sample with one more label at the end (a histogram bucket's {@code le}). */
    Sample with(String label, String value) {
      List<String> names = new ArrayList<>(labelNames);
      List<String> values = new ArrayList<>(labelValues);
      names.add(label);
      values.add(value);
      return new Sample(name, names, values, this.value);
    }
  }

  MetricFamily {
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(type, "type");
    checkName(name);
    samples = List.copyOf(samples);
  }

  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name '" + name + "'");
    }
    return name;
  }

  static List<String> checkLabels(List<String> names) {
    for (String n : names) {
      if (n == null || !LABEL.matcher(n).matches() || n.startsWith("__")) {
        throw new IllegalArgumentException("invalid label name '" + n + "'");
      }
    }
    return List.copyOf(names);
  }
}
