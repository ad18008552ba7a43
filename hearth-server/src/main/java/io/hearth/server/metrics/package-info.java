/**
 * Metrics in Prometheus' text format at {@code GET /metrics}, from a JDK-only registry.
 *
 * <p>{@code MetricsRegistry} holds collectors: {@code Counter} and {@code Histogram} (fixed
 * buckets) keep label-keyed cells of lock-free adders; other collectors read a value at scrape
 * time (node status, datastore health, record-writer counts). {@code Exposition} writes the
 * families in format 0.0.4. {@link io.hearth.server.metrics.HearthMetrics} defines Hearth's
 * metrics and counts calls as a {@link io.hearth.server.calls.CallRecorder}. Per-function series
 * are counters only; histograms are labelled by status, so series grow by one per function.
 */
package io.hearth.server.metrics;
