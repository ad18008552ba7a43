package io.hearth.server.metrics;

import io.hearth.core.job.JobState;
import io.hearth.server.jobs.JobMetrics;
import io.hearth.server.metrics.Families.Kind;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The jobs' metrics: the queue's depth by state ({@code hearth_jobs}, read from the store at most
 * every {@link #COUNT_EVERY}: a count over the whole table is not for every scrape of a big queue),
 * how long jobs waited to start ({@code hearth_job_wait_seconds}), the dispatcher's locks and
 * unlocks, and how jobs ended ({@code hearth_jobs_ended_total} by outcome). Every state and outcome
 * is listed, at 0 when none, so that series do not vanish. While the store does not answer, the
 * last counts are shown (none before the first). Thread-safe: counters are lock-free; the counts
 * are an immutable snapshot in a volatile field.
 */
final class JobFamilies implements JobMetrics, MultiCollector {
  /** How long the queue's counts are reused; the dispatcher's own view is fresher. */
  static final Duration COUNT_EVERY = Duration.ofSeconds(5);
  /** Seconds a job waited: from a second (an idle cluster) to a day (a long queue). */
  static final double[] WAIT_SECONDS = {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400};

  private record Counted(Instant at, Map<JobState, Long> counts) {}

  private final Supplier<Map<JobState, Long>> counts;
  private final InstantSource clock;
  private final Histogram waits;
  private final Counter locks;
  private final Counter unlocks;
  private final Counter ended;
  private final AtomicBoolean counting = new AtomicBoolean();
  private volatile Counted last;

  /**
   * Registers the jobs' families on {@code registry}.
   *
   * @param counts the store's {@code countByState}
   */
  JobFamilies(PrometheusRegistry registry, Supplier<Map<JobState, Long>> counts, InstantSource clock) {
    this.counts = counts;
    this.clock = clock;
    waits = Histogram.builder().name("hearth_job_wait_seconds")
        .help("Time from a job's first being seen in the queue to its attempt's start").classicOnly()
        .classicUpperBounds(WAIT_SECONDS).register(registry);
    locks = Counter.builder().name("hearth_job_locks_total").help("Jobs the dispatcher locked").register(registry);
    unlocks = Counter.builder().name("hearth_job_unlocks_total")
        .help("Jobs the dispatcher unlocked (a failed start, or no room)").register(registry);
    ended = Counter.builder().name("hearth_jobs_ended_total")
        .help("Jobs that ended: complete with exit 0 (succeeded) or another code (failed), or cancelled")
        .labelNames("outcome").register(registry);
    for (Outcome o : Outcome.values()) {
      ended.labelValues(o.wire()); // listed at 0 from the start
    }
    registry.register(this);
  }

  @Override
  public void started(Duration waited) {
    waits.observe(Math.max(0, waited.toNanos()) / 1e9);
  }

  @Override
  public void locked() {
    locks.inc();
  }

  @Override
  public void unlocked() {
    unlocks.inc();
  }

  @Override
  public void ended(Outcome outcome) {
    ended.labelValues(outcome.wire()).inc();
  }

  /** The queue's depth by state ({@code hearth_jobs}); the live families are the registry's own. */
  @Override
  public MetricSnapshots collect() {
    Map<JobState, Long> now = depth();
    if (now == null) {
      return new MetricSnapshots(List.of());
    }
    Map<String, Long> byState = new TreeMap<>();
    for (JobState s : JobState.values()) {
      byState.put(s.wire(), now.getOrDefault(s, 0L));
    }
    return new MetricSnapshots(List.of(Families.labelled("hearth_jobs", "Jobs in the datastore by state (counted "
        + "at most every " + COUNT_EVERY.toSeconds() + "s)", Kind.GAUGE, "state", byState)));
  }

  /** The counts, fresh within {@link #COUNT_EVERY}; while another thread counts, the last ones. */
  private Map<JobState, Long> depth() {
    Counted seen = last;
    Instant at = clock.instant();
    if (seen != null && at.isBefore(seen.at().plus(COUNT_EVERY)) || !counting.compareAndSet(false, true)) {
      return seen == null ? null : seen.counts();
    }
    try {
      Map<JobState, Long> fresh = Map.copyOf(counts.get());
      last = new Counted(at, fresh);
      return fresh;
    } catch (RuntimeException e) {
      return seen == null ? null : seen.counts(); // the store is down: what was known
    } finally {
      counting.set(false);
    }
  }
}
