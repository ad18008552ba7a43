package io.hearth.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.job.AttemptState;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Refused;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.core.job.Scheduling;
import io.hearth.store.Fixtures;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import io.hearth.store.TimeCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The job store's lock rules: only a queued job of priority above zero is locked, one winner of a
 * race, a lock racing a cancel, only the locker unlocks, and the tenth unlock cancels. Part of
 * {@link JobStoreContract}.
 */
public interface JobLocksContract extends JobStoreContractFixture {
  @Test
  default void onlyAQueuedJobWithPriorityAboveZeroIsLocked() {
    JobRow held = job(Priority.HOLD, T0, Map.of());
    store().insert(held);
    assertThat(store().lock(held.id(), "d1")).isInstanceOfSatisfying(JobChange.Refusal.class,
        r -> assertThat(r.message()).contains("on hold (priority 0)"));
    assertThat(row(held.id()).state()).isEqualTo(JobState.QUEUED);

    JobRow j = queued();
    assertThat(store().lock(j.id(), "d1")).isEqualTo(applied(JobState.LOCKED));
    JobRow locked = row(j.id());
    assertThat(locked.lockedBy()).isEqualTo("d1");
    assertThat(locked.lockCount()).isZero();
    assertThat(store().lock(j.id(), "d2"))
        .isEqualTo(new JobChange.Refusal(Refused.conflict("cannot change from locked to locked")));
    assertThat(row(j.id()).lockedBy()).isEqualTo("d1");
    assertThat(store().lock(fx().id(), "d1")).isInstanceOf(JobChange.NotFound.class);
  }

  @Test
  default void ofTwoDispatchersRacingToLockAJobOneWins() throws Exception {
    for (int round = 0; round < 20; round++) {
      JobRow j = queued();
      CountDownLatch go = new CountDownLatch(1);
      List<JobChange> answers = new CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (String d : List.of("d1", "d2", "d3")) {
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          answers.add(store().lock(j.id(), d));
        }));
      }
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(answers).filteredOn(JobChange::applied).hasSize(1);
      assertThat(answers).filteredOn(a -> !a.applied()).hasSize(2)
          .allSatisfy(a -> assertThat(((JobChange.Refusal) a).message()).isEqualTo("cannot change from locked to locked"));
      assertThat(row(j.id()).lockedBy()).isIn("d1", "d2", "d3");
    }
  }

  @Test
  default void aLockRacingACancelNeverLeavesTheJobLocked() throws Exception {
    for (int round = 0; round < 20; round++) {
      JobRow j = queued();
      CountDownLatch go = new CountDownLatch(1);
      List<JobChange> locks = new CopyOnWriteArrayList<>();
      List<JobChange> cancels = new CopyOnWriteArrayList<>();
      Thread locker = Thread.ofVirtual().start(() -> {
        await(go);
        locks.add(store().lock(j.id(), "d1"));
      });
      Thread canceller = Thread.ofVirtual().start(() -> {
        await(go);
        cancels.add(store().cancel(j.id(), "cancelled by alice", T0.plusSeconds(1)));
      });
      go.countDown();
      locker.join();
      canceller.join();
      assertThat(cancels).containsExactly(applied(JobState.CANCELLED));
      JobRow end = row(j.id());
      assertThat(end.state()).isEqualTo(JobState.CANCELLED);
      assertThat(end.lockedBy()).isNull();
      assertThat(end.runtimeStatus().error()).isEqualTo("cancelled by alice");
      assertThat(locks).hasSize(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  default void onlyTheLockerUnlocksAndTheTenthUnlockCancels() {
    JobRow j = queued();
    for (int i = 1; i <= 9; i++) {
      assertThat(store().lock(j.id(), "d1")).isEqualTo(applied(JobState.LOCKED));
      assertThat(store().unlock(j.id(), "d2", T0)).isInstanceOfSatisfying(JobChange.Refusal.class,
          r -> assertThat(r.refused().kind()).isEqualTo(Refused.Kind.FORBIDDEN));
      assertThat(row(j.id()).state()).isEqualTo(JobState.LOCKED);
      assertThat(store().unlock(j.id(), "d1", T0)).isEqualTo(applied(JobState.QUEUED));
      JobRow back = row(j.id());
      assertThat(back.lockCount()).isEqualTo(i);
      assertThat(back.lockedBy()).isNull();
      assertThat(back.firstSeenAt()).isEqualTo(T0);
    }
    assertThat(store().unlock(j.id(), "d1", T0))
        .isEqualTo(new JobChange.Refusal(Refused.conflict("cannot change from queued to queued")));
    assertThat(store().lock(j.id(), "d1")).isEqualTo(applied(JobState.LOCKED));
    assertThat(store().unlock(j.id(), "d1", T0.plusSeconds(5))).isEqualTo(applied(JobState.CANCELLED));
    JobRow cancelled = row(j.id());
    assertThat(cancelled.lockCount()).isEqualTo(10);
    assertThat(cancelled.finishedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(cancelled.runtimeStatus().error()).contains("10 dispatch attempts");
    assertThat(store().schedulerOrder(1000, null).items()).extracting(JobRow::id).doesNotContain(j.id());
  }
}
