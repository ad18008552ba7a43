package io.hearth.server.metrics;

import io.hearth.server.async.AsyncStats;
import io.hearth.store.queue.Depth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Async calls as metric families, read at each scrape: the queue per function (waiting, running,
 * age of the oldest waiting call; read from the datastore, so every node of a cluster shows the
 * same), and this node's accepted calls, refusals, claims, retries and outcomes. Pure.
 */
final class AsyncFamilies {
  private AsyncFamilies() {}

  static List<MetricFamily> of(AsyncStats s, Instant now) {
    List<MetricFamily.Sample> queued = new ArrayList<>();
    List<MetricFamily.Sample> running = new ArrayList<>();
    List<MetricFamily.Sample> oldest = new ArrayList<>();
    for (Depth d : s.depths()) {
      List<String> fn = List.of("fn_id");
      queued.add(new MetricFamily.Sample("hearth_async_queued", fn, List.of(d.fnId()), d.queued()));
      running.add(new MetricFamily.Sample("hearth_async_running", fn, List.of(d.fnId()), d.running()));
      double age = d.oldestQueued() == null ? 0
          : Math.max(0, Duration.between(d.oldestQueued(), now).toMillis() / 1000.0);
      oldest.add(new MetricFamily.Sample("hearth_async_oldest_queued_seconds", fn, List.of(d.fnId()), age));
    }
    List<MetricFamily.Sample> outcomes = new ArrayList<>();
    s.outcomes().forEach((state, n) -> outcomes.add(new MetricFamily.Sample("hearth_async_outcomes_total",
        List.of("state"), List.of(state), n)));
    return List.of(
        new MetricFamily("hearth_async_queued", "Async calls waiting in the queue, by function",
            MetricFamily.Type.GAUGE, queued),
        new MetricFamily("hearth_async_running", "Async calls claimed and running, by function",
            MetricFamily.Type.GAUGE, running),
        new MetricFamily("hearth_async_oldest_queued_seconds", "Age of the oldest waiting async call, by function",
            MetricFamily.Type.GAUGE, oldest),
        counter("hearth_async_accepted_total", "Async calls this node committed to the queue and answered 202",
            s.accepted()),
        counter("hearth_async_refused_full_total", "Async calls this node answered 429: the function's queue was full",
            s.refusedFull()),
        counter("hearth_async_claims_total", "Async call attempts this node claimed from the queue", s.claims()),
        counter("hearth_async_retries_total", "Async call attempts this node put back for a retry", s.retries()),
        new MetricFamily("hearth_async_outcomes_total", "Async calls this node ended, by final state",
            MetricFamily.Type.COUNTER, outcomes));
  }

  private static MetricFamily counter(String name, String help, double value) {
    return new MetricFamily(name, help, MetricFamily.Type.COUNTER, List.of(MetricFamily.Sample.of(name, value)));
  }
}
