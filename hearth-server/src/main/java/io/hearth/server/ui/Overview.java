package io.hearth.server.ui;

import io.hearth.core.job.JobState;
import io.hearth.core.time.Clock;
import io.hearth.server.http.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The overview's numbers: the {@code stats} event (every 2 s) and {@code GET /v2/stats/timeline}
 * (the last 15 minutes in 5 s points: calls per second, p50/p99 latency from creation to
 * completion, errors; and the errors by cause). The call figures come from the {@link Timeline}
 * (the datastore's records, the same on every node); queue depths from the shared datastore;
 * containers from this node's agent where it has one (all-in-one), else none.
 *
 * <p>Stateless apart from the timeline; each source is read when asked; thread-safe.
 */
public final class Overview {
  /**
   * Where the numbers come from.
   *
   * @param role       the node's role as the page names it: {@code all-in-one} or {@code api}
   * @param containers this node's containers by state, or null where it runs none (an api node)
   * @param callsWaiting calls waiting for a container on this node, or null
   * @param asyncQueue the call queue's async calls by state ({@code queued}, {@code running})
   * @param jobs       the job queue's jobs by state
   * @param runners    how many runners were asked for their containers and how many answered, or null
   */
  public record Sources(String role, Supplier<Map<String, Integer>> containers, Supplier<Integer> callsWaiting,
      Supplier<Map<String, Long>> asyncQueue, Supplier<Map<JobState, Long>> jobs, Supplier<Map<String, Integer>> runners) {
    /** A node that runs its own containers: no runners to ask. */
    public Sources(String role, Supplier<Map<String, Integer>> containers, Supplier<Integer> callsWaiting,
        Supplier<Map<String, Long>> asyncQueue, Supplier<Map<JobState, Long>> jobs) {
      this(role, containers, callsWaiting, asyncQueue, jobs, null);
    }
  }

  private final Timeline timeline;
  private final Sources sources;
  private final Clock clock;

  Overview(Timeline timeline, Sources sources, Clock clock) {
    this.timeline = timeline;
    this.sources = sources;
    this.clock = clock;
  }

  void register(Router router) {
    router.on("GET", "/v2/stats/timeline", ex -> ex.json(200, timeline()));
  }

  /** The whole window. */
  Map<String, Object> timeline() {
    Instant now = clock.instant();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", now.toString());
    out.put("bucket_secs", Timeline.BUCKET.toSeconds());
    out.put("window_secs", Timeline.BUCKET.toSeconds() * Timeline.BUCKETS);
    out.put("points", points(timeline.points(now)));
    out.put("errors_by_cause", timeline.errorsByCause(now));
    return out;
  }

  /** What the {@code stats} event says: the newest two points (the one filling and the last whole one) and the gauges. */
  Map<String, Object> stats() {
    Instant now = clock.instant();
    List<Timeline.Point> all = timeline.points(now);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", now.toString());
    out.put("role", sources.role());
    out.put("points", points(all.subList(all.size() - 2, all.size())));
    int calls = 0;
    int errors = 0;
    for (Timeline.Point p : all) {
      calls += p.calls();
      errors += p.errors();
    }
    out.put("calls_15m", calls);
    out.put("errors_15m", errors);
    out.put("errors_by_cause", timeline.errorsByCause(now));
    out.put("containers", sources.containers() == null ? null : sources.containers().get());
    if (sources.runners() != null) {
      out.put("runners", sources.runners().get()); // {asked, answered}: the containers are theirs
    }
    Map<String, Object> queues = new LinkedHashMap<>();
    Map<String, Long> async = sources.asyncQueue().get();
    queues.put("async_queued", async.getOrDefault("queued", 0L));
    queues.put("async_running", async.getOrDefault("running", 0L));
    Map<JobState, Long> jobs = sources.jobs().get();
    queues.put("jobs_queued", jobs.getOrDefault(JobState.QUEUED, 0L));
    queues.put("jobs_locked", jobs.getOrDefault(JobState.LOCKED, 0L));
    queues.put("jobs_running", jobs.getOrDefault(JobState.RUNNING, 0L));
    queues.put("calls_waiting", sources.callsWaiting() == null ? null : sources.callsWaiting().get());
    out.put("queues", queues);
    return out;
  }

  private static List<Map<String, Object>> points(List<Timeline.Point> points) {
    List<Map<String, Object>> out = new ArrayList<>(points.size());
    for (Timeline.Point p : points) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", p.at().toString());
      m.put("calls", p.calls());
      m.put("calls_per_sec", p.callsPerSec());
      m.put("errors", p.errors());
      m.put("p50_ms", p.p50Ms());
      m.put("p99_ms", p.p99Ms());
      out.add(m);
    }
    return out;
  }
}
