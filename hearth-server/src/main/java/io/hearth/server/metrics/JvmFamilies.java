package io.hearth.server.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The JVM's and the process's metrics ({@code jvm_*}: memory, GC, threads, classes, buffer pools;
 * {@code process_*}: CPU seconds, resident memory, open file descriptors, start time), from the
 * Prometheus client's instrumentation. One registry for the process, made on first use: they
 * describe the process, and their collectors install JVM listeners that must not multiply with the
 * nodes a test starts in one JVM.
 */
final class JvmFamilies {
  private JvmFamilies() {}

  private static final class Holder {
    static final PrometheusRegistry REGISTRY = make();

    private static PrometheusRegistry make() {
      PrometheusRegistry r = new PrometheusRegistry();
      JvmMetrics.builder().register(r);
      return r;
    }
  }

  static MetricSnapshots scrape() {
    return Holder.REGISTRY.scrape();
  }
}
