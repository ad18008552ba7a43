package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.Constraints;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.store.Database;
import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LISTEN/NOTIFY on the local PostgreSQL (skipped when it is not reachable): a change through one
 * store handle signals a listener of another, bursts coalesce, a cut session is made again and
 * signals once. Waits are bounded generously; nothing depends on how fast the database is.
 */
class PostgresJobSignalsTest {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();
  private static final Instant T0 = Instant.parse("2024-05-06T09:00:00.000Z");

  private final Fixtures fx = new Fixtures();

  @Test
  void aChangeThroughAnotherHandleSignalsTheListener() throws Exception {
    try (Database other = Database.open(DB.config()); PgJobSignals signals = PgJobSignals.start(DB.config())) {
      Semaphore seen = new Semaphore(0);
      JobRow job = job();
      signals.subscribe(() -> {
        if (new JdbcJobStore(DB.database()).get(job.id()).isPresent()) {
          seen.release();
        }
      });
      JdbcJobStore writer = new JdbcJobStore(other);
      writer.insert(job);
      assertThat(seen.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.lock(job.id(), "d1").applied()).isTrue();
      assertThat(seen.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aBurstWhileTheSubscriberRunsComesAsOneCall() throws Exception {
    try (PgJobSignals signals = PgJobSignals.start(DB.config())) {
      JdbcJobStore store = new JdbcJobStore(DB.database());
      CountDownLatch inFirst = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      Semaphore called = new Semaphore(0);
      signals.subscribe(() -> {
        if (calls.incrementAndGet() == 1) {
          inFirst.countDown();
          await(release);
        }
        called.release();
      });
      long before = signals.received();
      store.insert(job());
      assertThat(inFirst.await(20, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 30; i++) {
        store.insert(job());
      }
      // All 31 notifications reach the listener while the subscriber is still busy with the first ...
      assertThat(eventually(() -> signals.received() - before >= 31)).isTrue();
      release.countDown();
      // ... so the other 30 are one more call, and one more change is one more again.
      assertThat(called.tryAcquire(2, 20, TimeUnit.SECONDS)).isTrue();
      store.insert(job());
      assertThat(called.tryAcquire(1, 20, TimeUnit.SECONDS)).isTrue();
      assertThat(calls.get()).isEqualTo(3);
    }
  }

  @Test
  void aCutSessionIsMadeAgainSignallingOnceAndListensAfter() throws Exception {
    try (PgJobSignals signals = PgJobSignals.start(DB.config())) {
      Semaphore called = new Semaphore(0);
      signals.subscribe(called::release);
      int pid = signals.backendPid();
      assertThat(pid).isPositive();
      PgTestSessions.terminate(DB.config(), pid);
      assertThat(called.tryAcquire(30, TimeUnit.SECONDS)).as("the signal after listening again").isTrue();
      assertThat(signals.backendPid()).isNotEqualTo(pid);
      called.drainPermits();
      new JdbcJobStore(DB.database()).insert(job());
      assertThat(called.tryAcquire(20, TimeUnit.SECONDS)).as("a change after it").isTrue();
    }
  }

  @Test
  void aRolledBackOrRefusedChangeSendsNothing() throws Exception {
    try (PgJobSignals signals = PgJobSignals.start(DB.config())) {
      JdbcJobStore store = new JdbcJobStore(DB.database());
      JobRow job = job();
      store.insert(job);
      assertThat(eventually(() -> signals.received() >= 1)).isTrue();
      long before = signals.received();
      assertThat(store.unlock(job.id(), "nobody", T0).applied()).isFalse(); // refused: nothing written
      store.cancel(job.id(), null, T0); // a change: one notification
      assertThat(eventually(() -> signals.received() > before)).isTrue();
      assertThat(signals.received() - before).isEqualTo(1);
    }
  }

  private JobRow job() {
    return JobRow.queued(fx.id(), "j", "busybox:1.36", List.of("true"), Map.of(), Priority.DEFAULT_PRIORITY,
        new Constraints(1, 1L << 20, 0, 0), Scheduling.DEFAULT, Map.of(), T0);
  }

  static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
