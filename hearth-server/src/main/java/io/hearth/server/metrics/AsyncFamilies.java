package io.hearth.server.metrics;

import io.hearth.server.metrics.Families.Kind;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import io.hearth.server.async.AsyncStats;
import io.hearth.store.queue.Depth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Async calls as metric families, read at each scrape: the queue per function (waiting, running,
 * age of the oldest waiting call; read from the datastore, so every node of a cluster shows the
 * same), and this node's accepted calls, refusals, claims, retries and outcomes. Pure.
 */
final class AsyncFamilies {
  private AsyncFamilies() {}

  static List<MetricSnapshot> of(AsyncStats s, Instant now) {
    Map<String, Long> queued = new TreeMap<>();
    Map<String, Long> running = new TreeMap<>();
    Map<String, Double> oldest = new TreeMap<>();
    for (Depth d : s.depths()) {
      queued.put(d.fnId(), (long) d.queued());
      running.put(d.fnId(), (long) d.running());
      oldest.put(d.fnId(), d.oldestQueued() == null ? 0
          : Math.max(0, Duration.between(d.oldestQueued(), now).toMillis() / 1000.0));
    }
    return List.of(
        Families.labelled("hearth_async_queued", "Async calls waiting in the queue, by function", Kind.GAUGE,
            "fn_id", queued),
        Families.labelled("hearth_async_running", "Async calls claimed and running, by function", Kind.GAUGE,
            "fn_id", running),
        Families.labelled("hearth_async_oldest_queued_seconds", "Age of the oldest waiting async call, by function",
            Kind.GAUGE, "fn_id", oldest),
        Families.counter("hearth_async_accepted_total", "Async calls this node committed to the queue and answered "
            + "202", s.accepted()),
        Families.counter("hearth_async_refused_full_total", "Async calls this node answered 429: the function's "
            + "queue was full", s.refusedFull()),
        Families.counter("hearth_async_claims_total", "Async call attempts this node claimed from the queue",
            s.claims()),
        Families.counter("hearth_async_retries_total", "Async call attempts this node put back for a retry",
            s.retries()),
        Families.labelled("hearth_async_outcomes_total", "Async calls this node ended, by final state", Kind.COUNTER,
            "state", s.outcomes()));
  }
}
