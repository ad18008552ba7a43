package io.hearth.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.Constraints;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobRow;
import io.hearth.testkit.store.InMemoryJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metered store counts the changes that applied, by what they were, and nothing refused. */
class MeteredJobStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<String> told = new ArrayList<>();
  private final JobMetrics recorder = new JobMetrics() {
    @Override
    public void started(Duration waited) {
      told.add("started " + waited.toSeconds() + "s");
    }

    @Override
    public void locked() {
      told.add("locked");
    }

    @Override
    public void unlocked() {
      told.add("unlocked");
    }

    @Override
    public void ended(Outcome outcome) {
      told.add("ended " + outcome.wire());
    }
  };
  private final MeteredJobStore store = new MeteredJobStore(new InMemoryJobStore(2), recorder);

  private String job(String id, int maxAttempts) {
    store.insert(JobRow.queued(id, "n", "busybox", List.of("true"), Map.of(), Priority.DEFAULT_PRIORITY,
        Constraints.DEFAULT, new Scheduling(false, 0, maxAttempts), Map.of(), T0));
    return id;
  }

  private void run(String id, int attempt) {
    assertThat(store.lock(id, "d").applied()).isTrue();
    assertThat(store.start(id, "d", "t", AttemptRow.running(id, attempt, "n1", "a1", "x1", T0.plusSeconds(90)))
        .applied()).isTrue();
  }

  @Test
  void aRunToCompletionIsALockAStartWithItsWaitAndAnOutcomeByExitCode() {
    run(job("ok", 3), 1);
    store.complete("ok", "d", 1, 0, T0.plusSeconds(100));
    run(job("bad", 3), 1);
    store.complete("bad", "d", 1, 2, T0.plusSeconds(100));
    assertThat(told).containsExactly("locked", "started 90s", "ended succeeded", "locked", "started 90s",
        "ended failed");
  }

  @Test
  void refusalsAreNotCountedAndEveryCancelIsOneEnd() {
    job("j", 1);
    assertThat(store.unlock("j", "d", T0).applied()).isFalse(); // not locked: refused
    store.lock("j", "d");
    assertThat(store.lock("j", "other").applied()).isFalse();
    store.unlock("j", "d", T0);
    store.lock("j", "d");
    store.unlock("j", "d", T0); // the second of two dispatch attempts: cancelled
    assertThat(told).containsExactly("locked", "unlocked", "locked", "unlocked", "ended cancelled");
    told.clear();
    job("k", 1);
    store.cancel("k", null, T0);
    assertThat(store.cancel("k", null, T0).applied()).isFalse();
    assertThat(told).containsExactly("ended cancelled");
  }

  @Test
  void aRetryIsNoEndUntilItGivesUp() {
    run(job("r", 2), 1);
    store.retry("r", "d", 1, "its node was lost", T0);
    run("r", 2);
    store.retry("r", "d", 2, "its node was lost", T0);
    assertThat(told).containsExactly("locked", "started 90s", "locked", "started 90s", "ended cancelled");
  }
}
