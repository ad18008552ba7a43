package io.hearth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.JobState;
import io.hearth.core.ledger.Resources;
import io.hearth.core.status.NodeStatus;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.jobs.JobMetrics;
import io.hearth.server.jobs.JobMetrics.Outcome;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The jobs' families: queue depth by state (counted at most every few seconds), waits, locks, unlocks, outcomes. */
class JobMetricsTest {
  private final ManualClock clock = new ManualClock();
  private final AtomicInteger counted = new AtomicInteger();
  private final Map<JobState, Long> counts = new EnumMap<>(JobState.class);
  private boolean storeDown;
  private final HearthMetrics metrics = new HearthMetrics("1", clock, JobMetricsTest::idle, () -> {},
      () -> new CallRecords.Stats(0, 0, 0, 0));
  private final JobMetrics jobs = metrics.jobs(() -> {
    counted.incrementAndGet();
    if (storeDown) {
      throw new IllegalStateException("the datastore is down (in this test)");
    }
    return Map.copyOf(counts);
  });

  private static NodeStatus idle() {
    return new NodeStatus("n1", new Resources(1024, 2000), Resources.ZERO, Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0,
        false);
  }

  @Test
  void everyStateAndOutcomeIsShownFromTheStart() {
    for (JobState s : JobState.values()) {
      counts.put(s, 0L);
    }
    String text = metrics.scrape();
    assertThat(text)
        .contains("# TYPE hearth_jobs gauge\n")
        .contains("hearth_jobs{state=\"queued\"} 0.0\n")
        .contains("hearth_jobs{state=\"locked\"} 0.0\n")
        .contains("hearth_jobs{state=\"running\"} 0.0\n")
        .contains("hearth_jobs{state=\"complete\"} 0.0\n")
        .contains("hearth_jobs{state=\"cancelled\"} 0.0\n")
        .contains("# TYPE hearth_job_locks_total counter\nhearth_job_locks_total 0.0\n")
        .contains("hearth_job_unlocks_total 0.0\n")
        .contains("hearth_jobs_ended_total{outcome=\"succeeded\"} 0.0\n")
        .contains("hearth_jobs_ended_total{outcome=\"failed\"} 0.0\n")
        .contains("hearth_jobs_ended_total{outcome=\"cancelled\"} 0.0\n");
  }

  @Test
  void whatTheDispatcherTellsIsCounted() {
    counts.put(JobState.QUEUED, 5L);
    jobs.locked();
    jobs.locked();
    jobs.unlocked();
    jobs.started(Duration.ofMillis(700));
    jobs.started(Duration.ofSeconds(45));
    jobs.ended(Outcome.ofExit(0));
    jobs.ended(Outcome.ofExit(2));
    jobs.ended(Outcome.CANCELLED);
    jobs.ended(Outcome.CANCELLED);
    String text = metrics.scrape();
    assertThat(text)
        .contains("hearth_jobs{state=\"queued\"} 5.0\n")
        .contains("hearth_jobs{state=\"running\"} 0.0\n")
        .contains("hearth_job_locks_total 2.0\n")
        .contains("hearth_job_unlocks_total 1.0\n")
        .contains("# TYPE hearth_job_wait_seconds histogram\n")
        .contains("hearth_job_wait_seconds_bucket{le=\"0.5\"} 0\n")
        .contains("hearth_job_wait_seconds_bucket{le=\"1.0\"} 1\n")
        .contains("hearth_job_wait_seconds_bucket{le=\"30.0\"} 1\n")
        .contains("hearth_job_wait_seconds_bucket{le=\"60.0\"} 2\n")
        .contains("hearth_job_wait_seconds_count 2\n")
        .contains("hearth_job_wait_seconds_sum 45.7\n")
        .contains("hearth_jobs_ended_total{outcome=\"succeeded\"} 1.0\n")
        .contains("hearth_jobs_ended_total{outcome=\"failed\"} 1.0\n")
        .contains("hearth_jobs_ended_total{outcome=\"cancelled\"} 2.0\n");
  }

  @Test
  void theQueueIsCountedAtMostEveryFewSecondsAndTheLastCountsOutliveAnOutage() {
    counts.put(JobState.QUEUED, 1L);
    metrics.scrape();
    counts.put(JobState.QUEUED, 2L);
    assertThat(metrics.scrape()).contains("hearth_jobs{state=\"queued\"} 1.0\n");
    assertThat(counted.get()).isEqualTo(1);
    clock.advance(JobFamilies.COUNT_EVERY);
    assertThat(metrics.scrape()).contains("hearth_jobs{state=\"queued\"} 2.0\n");
    assertThat(counted.get()).isEqualTo(2);
    storeDown = true;
    clock.advance(JobFamilies.COUNT_EVERY);
    assertThat(metrics.scrape()).contains("hearth_jobs{state=\"queued\"} 2.0\n");
  }

  @Test
  void beforeTheFirstCountTheDepthIsLeftOutRatherThanShownAsZero() {
    storeDown = true;
    assertThat(metrics.scrape()).doesNotContain("hearth_jobs{").contains("hearth_job_locks_total 0.0\n");
  }
}
