package io.hearth.server.metrics;

import io.hearth.core.job.JobState;
import io.hearth.server.jobs.JobMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
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
final class JobFamilies implements JobMetrics, Collector {
  /** How long the queue's counts are reused; the dispatcher's own view is fresher. */
  static final Duration COUNT_EVERY = Duration.ofSeconds(5);
  /** Seconds a job waited: from a second (an idle cluster) to a day (a long queue). */
  static final double[] WAIT_SECONDS = {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400};

  private record Counted(Instant at, Map<JobState, Long> counts) {}

  private final Supplier<Map<JobState, Long>> counts;
  private final InstantSource clock;
  private final Histogram waits = new Histogram("hearth_job_wait_seconds",
      "Time from a job's first being seen in the queue to its attempt's start", WAIT_SECONDS);
  private final Counter locks = new Counter("hearth_job_locks_total", "Jobs the dispatcher locked");
  private final Counter unlocks = new Counter("hearth_job_unlocks_total",
      "Jobs the dispatcher unlocked (a failed start, or no room)");
  private final Counter ended = new Counter("hearth_jobs_ended_total",
      "Jobs that ended: complete with exit 0 (succeeded) or another code (failed), or cancelled", "outcome");
  private final AtomicBoolean counting = new AtomicBoolean();
  private volatile Counted last;

  /** @param counts the store's {@code countByState} */
  JobFamilies(Supplier<Map<JobState, Long>> counts, InstantSource clock) {
    this.counts = counts;
    this.clock = clock;
    for (Outcome o : Outcome.values()) {
      ended.add(0, o.wire());
    }
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
    ended.inc(outcome.wire());
  }

  @Override
  public List<MetricFamily> collect() {
    List<MetricFamily> out = new ArrayList<>();
    Map<JobState, Long> now = depth();
    if (now != null) {
      List<MetricFamily.Sample> samples = new ArrayList<>();
      for (JobState s : JobState.values()) {
        samples.add(new MetricFamily.Sample("hearth_jobs", List.of("state"), List.of(s.wire()),
            now.getOrDefault(s, 0L)));
      }
      out.add(new MetricFamily("hearth_jobs", "Jobs in the datastore by state (counted at most every "
          + COUNT_EVERY.toSeconds() + "s)", MetricFamily.Type.GAUGE, samples));
    }
    out.addAll(waits.collect());
    out.addAll(locks.collect());
    out.addAll(unlocks.collect());
    out.addAll(ended.collect());
    return out;
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
