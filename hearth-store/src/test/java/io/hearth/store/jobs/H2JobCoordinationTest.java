package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.Constraints;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded node's coordination: in-process signals after committed changes, a lock always held. */
class H2JobCoordinationTest {

  @RegisterExtension static final TestDatabase DB = TestDatabase.h2();
  private static final Instant T0 = Instant.parse("2024-05-06T09:00:00.000Z");

  private final Fixtures fx = new Fixtures();

  @Test
  void aCommittedChangeSignalsAndTheChangeIsVisibleToTheSubscriber() throws Exception {
    try (JobCoordination c = JobCoordination.open(DB.database(), DB.config())) {
      assertThat(c.store()).isInstanceOf(SignallingJobStore.class);
      Semaphore seen = new Semaphore(0);
      JobRow job = job();
      c.signals().subscribe(() -> {
        if (c.store().get(job.id()).isPresent()) {
          seen.release(); // the change is committed by the time the signal comes
        }
      });
      c.store().insert(job);
      assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(c.store().lock(job.id(), "d1").applied()).isTrue();
      assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void theEmbeddedLockIsAlwaysHeld() {
    try (JobCoordination c = JobCoordination.open(DB.database(), DB.config())) {
      assertThat(c.lock().tryHold()).isTrue();
      assertThat(c.lock().tryHold()).isTrue();
    }
  }

  private JobRow job() {
    return JobRow.queued(fx.id(), "j", "busybox:1.36", List.of("true"), Map.of(), Priority.DEFAULT_PRIORITY,
        new Constraints(1, 1L << 20, 0, 0), Scheduling.DEFAULT, Map.of(), T0);
  }
}
