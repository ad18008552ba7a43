/**
 * Metrics at {@code GET /metrics}, by Prometheus' Java client (io.prometheus:prometheus-metrics-*).
 *
 * <p>{@link io.hearth.server.metrics.HearthMetrics} holds a node's registry: live instruments (the
 * client's {@code Counter}, {@code Histogram} with fixed buckets, {@code Info}) for what happens on
 * the call path, and collectors that read at scrape time what Hearth keeps elsewhere (node status,
 * lease stats, datastore health, record-writer counts) as snapshots built by {@code Families}.
 * {@code JvmFamilies} adds the JVM's and the process's metrics. The client writes the scrape in
 * Prometheus' text format 0.0.4, or OpenMetrics when asked. Per-function series are counters only;
 * histograms are labelled by status, so series grow by one per function.
 */
package io.hearth.server.metrics;
