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
 * The job store's conformance suite: round trips, the lock rules ({@link JobLocksContract}),
 * attempts started once and retried as new attempts, a refusal for every change the state machine
 * has no edge for (nothing written), the PATCH fields, filtered newest-first pages, the scheduler
 * order and its pages, counts and retention. Run unchanged against each implementation ({@link
 * H2JobStoreTest}, {@link PostgresJobStoreTest}, the in-memory store's test in {@code
 * hearth-testkit}); the store is made with the default of 10 dispatch attempts.
 */
public interface JobStoreContract extends JobLocksContract {

  @Test
  default void aJobRoundTripsAsGivenToTheMillisecond() {
    Instant fine = T0.plusNanos(1_234_567);
    JobRow j = JobRow.queued(fx().id(), "ünï name", "registry.local:5000/tools/bwa@sha256:0123",
        List.of("sh", "-c", "printf '%s\\n' \"$X\"", "", "two  spaces"), Map.of("X", "a=b;c", "EMPTY", ""),
        Priority.of(1000), new Constraints(64, Long.MAX_VALUE, 1, 8), new Scheduling(true, 3600, 7),
        Map.of("team", "genomics", "quote\"d", "v\\"), fine);
    store().insert(j);
    JobRow got = row(j.id());
    assertThat(got.createdAt()).isEqualTo(T0.plusMillis(1));
    assertThat(got.firstSeenAt()).isEqualTo(T0.plusMillis(1));
    assertThat(got).isEqualTo(new JobRow(j.id(), j.name(), j.image(), j.command(), j.env(), j.priority(),
        j.constraints(), j.scheduling(), j.labels(), JobState.QUEUED, null, RuntimeStatus.EMPTY, 0, null, 1, null,
        null, null, T0.plusMillis(1), T0.plusMillis(1), null, null));
    assertThatThrownBy(() -> store().insert(j)).isInstanceOf(StoreException.Conflict.class);
    assertThat(store().get(fx().id())).isEmpty();
    JobRow unnamed = JobRow.queued(fx().id(), null, "i", List.of(), Map.of(), Priority.HOLD, Constraints.DEFAULT,
        Scheduling.DEFAULT, Map.of(), T0);
    store().insert(unnamed);
    assertThat(row(unnamed.id())).isEqualTo(unnamed);
  }

  @Test
  default void anAttemptStartsOnceAndCompletesWithItsExitCode() {
    JobRow j = in(JobState.LOCKED);
    AttemptRow first = AttemptRow.running(j.id(), 1, "runner-1", "runner-1.a1", "x1", T0.plusSeconds(2));
    assertThat(store().start(j.id(), "d2", "m1", first)).isInstanceOfSatisfying(JobChange.Refusal.class,
        r -> assertThat(r.refused().kind()).isEqualTo(Refused.Kind.FORBIDDEN));
    assertThat(store().start(j.id(), "d1", "m1", AttemptRow.running(j.id(), 2, "n", "a", "x", T0)))
        .isInstanceOfSatisfying(JobChange.Refusal.class, r -> assertThat(r.message()).contains("attempt 1, not 2"));
    assertThat(store().start(j.id(), "d1", "m1.small", first)).isEqualTo(applied(JobState.RUNNING));
    JobRow running = row(j.id());
    assertThat(running.instanceType()).isEqualTo("m1.small");
    assertThat(running.allocId()).isEqualTo("runner-1.a1");
    assertThat(running.nodeId()).isEqualTo("runner-1");
    assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(running.lockedBy()).isEqualTo("d1");
    assertThat(store().attempts(j.id())).containsExactly(first);
    assertThat(store().start(j.id(), "d1", "m1.small", first))
        .isEqualTo(new JobChange.Refusal(Refused.conflict("cannot change from running to running")));

    assertThat(store().complete(j.id(), "d1", 1, 3, T0.plusSeconds(9))).isEqualTo(applied(JobState.COMPLETE));
    JobRow done = row(j.id());
    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(done.lockedBy()).isNull();
    assertThat(store().attempts(j.id())).containsExactly(new AttemptRow(j.id(), 1, "runner-1", "runner-1.a1", "x1",
        AttemptState.COMPLETE, 3, null, T0.plusSeconds(2), T0.plusSeconds(9)));
  }

  @Test
  default void aCancelledAttemptIsFollowedByANewOneUntilAttemptsRunOut() {
    JobRow j = in(JobState.RUNNING);
    assertThat(store().retry(j.id(), "d1", 1, "node runner-1 lost", T0.plusSeconds(4))).isEqualTo(applied(JobState.QUEUED));
    JobRow again = row(j.id());
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.lockedBy()).isNull();
    assertThat(again.allocId()).isNull();
    assertThat(again.startedAt()).isNull();
    assertThat(again.firstSeenAt()).isEqualTo(T0);
    assertThat(again.runtimeStatus().warning()).contains("node runner-1 lost");
    for (int attempt = 2; attempt <= 3; attempt++) {
      assertThat(store().lock(j.id(), "d1")).isEqualTo(applied(JobState.LOCKED));
      assertThat(store().start(j.id(), "d1", "m1",
          AttemptRow.running(j.id(), attempt, "runner-2", "runner-2.a" + attempt, "x", T0.plusSeconds(10 * attempt))))
          .isEqualTo(applied(JobState.RUNNING));
      assertThat(store().retry(j.id(), "d1", attempt, "lease reclaimed", T0.plusSeconds(10 * attempt + 1)))
          .isEqualTo(applied(attempt < 3 ? JobState.QUEUED : JobState.CANCELLED));
    }
    JobRow gaveUp = row(j.id());
    assertThat(gaveUp.attempt()).isEqualTo(3);
    assertThat(gaveUp.runtimeStatus().error()).contains("attempt 3 of 3", "no attempts left");
    assertThat(gaveUp.finishedAt()).isEqualTo(T0.plusSeconds(31));
    assertThat(store().attempts(j.id())).extracting(AttemptRow::attempt, AttemptRow::state, AttemptRow::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, AttemptState.CANCELLED, "node runner-1 lost"),
            org.assertj.core.groups.Tuple.tuple(2, AttemptState.CANCELLED, "lease reclaimed"),
            org.assertj.core.groups.Tuple.tuple(3, AttemptState.CANCELLED, "lease reclaimed"));
  }

  @Test
  default void aRunningJobOnHoldIsNotRetried() {
    JobRow j = in(JobState.RUNNING);
    assertThat(store().update(j.id(), JobPatch.priority(Priority.HOLD))).isEqualTo(applied(JobState.RUNNING));
    assertThat(store().retry(j.id(), "d1", 1, "killed: priority 0", T0.plusSeconds(5)))
        .isEqualTo(applied(JobState.CANCELLED));
    assertThat(row(j.id()).runtimeStatus().error()).contains("on hold");
  }

  @Test
  default void everyChangeTheStateMachineHasNoEdgeForIsRefusedAndWritesNothing() {
    for (JobState s : JobState.values()) {
      JobRow j = in(s);
      String who = j.lockedBy() == null ? "d1" : j.lockedBy();
      AttemptRow next = AttemptRow.running(j.id(), j.attempt(), "n", "a", "x", T0.plusSeconds(50));
      Map<String, JobChange> answers = new java.util.LinkedHashMap<>();
      if (s != JobState.QUEUED) {
        answers.put("lock", store().lock(j.id(), who));
      }
      if (s != JobState.LOCKED) {
        answers.put("unlock", store().unlock(j.id(), who, T0.plusSeconds(50)));
        answers.put("start", store().start(j.id(), who, "m1", next));
      }
      if (s != JobState.RUNNING) {
        answers.put("complete", store().complete(j.id(), who, j.attempt(), 0, T0.plusSeconds(50)));
        answers.put("retry", store().retry(j.id(), who, j.attempt(), "x", T0.plusSeconds(50)));
      }
      if (s.isFinal()) {
        answers.put("cancel", store().cancel(j.id(), "late", T0.plusSeconds(50)));
        answers.put("priority", store().update(j.id(), JobPatch.priority(Priority.of(7))));
        answers.put("status", store().setRuntimeStatus(j.id(), RuntimeStatus.EMPTY.withActivity("x")));
      }
      assertThat(answers).as(s.wire()).isNotEmpty();
      answers.forEach((op, answer) -> assertThat(answer).as(op + " when " + s.wire())
          .isInstanceOfSatisfying(JobChange.Refusal.class,
              r -> assertThat(r.refused().kind()).isEqualTo(Refused.Kind.CONFLICT)));
      assertThat(row(j.id())).as("unchanged after refusals when " + s.wire()).isEqualTo(j);
    }
    JobRow done = in(JobState.COMPLETE);
    assertThat(store().cancel(done.id(), null, T0))
        .isEqualTo(new JobChange.Refusal(Refused.conflict("cannot change from complete to cancelled")));
    JobRow cancelled = in(JobState.CANCELLED);
    assertThat(store().complete(cancelled.id(), "d1", 1, 0, T0))
        .isEqualTo(new JobChange.Refusal(Refused.conflict("cannot change from cancelled to complete")));
  }

  @Test
  default void aCancelEndsAJobInAnyLiveStateAndItsAttemptEndsAfterward() {
    for (JobState s : List.of(JobState.QUEUED, JobState.LOCKED, JobState.RUNNING)) {
      JobRow j = in(s);
      assertThat(store().cancel(j.id(), "cancelled by alice", T0.plusSeconds(60))).as(s.wire())
          .isEqualTo(applied(JobState.CANCELLED));
      JobRow c = row(j.id());
      assertThat(c.runtimeStatus().error()).isEqualTo("cancelled by alice");
      assertThat(c.finishedAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(c.lockedBy()).isNull();
    }
    JobRow r = in(JobState.RUNNING);
    store().cancel(r.id(), null, T0.plusSeconds(60));
    assertThat(store().attempts(r.id()).getFirst().state()).isEqualTo(AttemptState.RUNNING);
    assertThat(store().endAttempt(r.id(), 1, AttemptState.CANCELLED, 137, "killed: the job was cancelled",
        T0.plusSeconds(61))).isTrue();
    assertThat(store().endAttempt(r.id(), 1, AttemptState.COMPLETE, 0, null, T0.plusSeconds(62))).isFalse();
    assertThat(store().endAttempt(r.id(), 2, AttemptState.COMPLETE, 0, null, T0.plusSeconds(62))).isFalse();
    assertThat(store().attempts(r.id())).containsExactly(new AttemptRow(r.id(), 1, "runner-1", "runner-1.a1", "x1",
        AttemptState.CANCELLED, 137, "killed: the job was cancelled", T0.plusSeconds(2), T0.plusSeconds(61)));
  }

  @Test
  default void aRestartedDispatcherTakesOverTheLocksOfThePreviousOne() {
    JobRow locked = in(JobState.LOCKED);
    JobRow running = in(JobState.RUNNING);
    assertThat(store().adopt(locked.id(), "d0", "d2")).isInstanceOf(JobChange.Refusal.class);
    assertThat(store().adopt(locked.id(), "d1", "d2")).isEqualTo(applied(JobState.LOCKED));
    assertThat(store().adopt(running.id(), "d1", "d2")).isEqualTo(applied(JobState.RUNNING));
    assertThat(row(locked.id()).lockedBy()).isEqualTo("d2");
    assertThat(store().unlock(locked.id(), "d1", T0)).isInstanceOf(JobChange.Refusal.class);
    assertThat(store().unlock(locked.id(), "d2", T0)).isEqualTo(applied(JobState.QUEUED));
    assertThat(store().complete(running.id(), "d2", 1, 0, T0.plusSeconds(9))).isEqualTo(applied(JobState.COMPLETE));
    assertThat(store().adopt(queued().id(), "d1", "d2")).isInstanceOf(JobChange.Refusal.class);
  }

  @Test
  default void aPatchChangesPriorityNameAndLabels() {
    JobRow j = queued();
    assertThat(store().update(j.id(), new JobPatch(Priority.of(900), "renamed", Map.of("k", "v"))))
        .isEqualTo(applied(JobState.QUEUED));
    JobRow got = row(j.id());
    assertThat(got.priority()).isEqualTo(Priority.of(900));
    assertThat(got.name()).isEqualTo("renamed");
    assertThat(got.labels()).isEqualTo(Map.of("k", "v"));
    assertThat(store().list(new JobQuery(null, Map.of("k", "v"), null, null, 100)).items())
        .extracting(JobRow::id).contains(j.id());
    JobRow done = in(JobState.COMPLETE);
    assertThat(store().update(done.id(), new JobPatch(null, "still named", Map.of("after", "done"))))
        .isEqualTo(applied(JobState.COMPLETE));
    assertThat(store().update(done.id(), new JobPatch(Priority.of(1), "not this", null)))
        .isInstanceOfSatisfying(JobChange.Refusal.class, r -> assertThat(r.message()).contains("complete"));
    assertThat(row(done.id()).name()).isEqualTo("still named");
    assertThat(row(done.id()).priority()).isEqualTo(Priority.DEFAULT_PRIORITY);
    assertThat(store().update(fx().id(), new JobPatch(null, "x", null))).isInstanceOf(JobChange.NotFound.class);
    assertThat(store().setRuntimeStatus(j.id(), RuntimeStatus.EMPTY.withActivity("waiting for m1.large")))
        .isEqualTo(applied(JobState.QUEUED));
    assertThat(row(j.id()).runtimeStatus().activity()).isEqualTo("waiting for m1.large");
  }

  @Test
  default void listsJobsNewestFirstByStateLabelAndName() {
    String team = fx().id();
    List<JobRow> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JobRow j = job(Priority.DEFAULT_PRIORITY, T0.plusSeconds(i), Map.of("team", team, "n", Integer.toString(i % 2)));
      store().insert(j);
      mine.add(j);
    }
    store().insert(job(Priority.DEFAULT_PRIORITY, T0.plusSeconds(3), Map.of("team", "other")));
    store().cancel(mine.get(1).id(), null, T0.plusSeconds(9));

    JobQuery q = new JobQuery(null, Map.of("team", team), null, null, 3);
    Page<JobRow> p1 = store().list(q);
    Page<JobRow> p2 = store().list(q.next(p1));
    assertThat(p1.items()).extracting(JobRow::id).containsExactly(mine.get(4).id(), mine.get(3).id(), mine.get(2).id());
    assertThat(p2.items()).extracting(JobRow::id).containsExactly(mine.get(1).id(), mine.get(0).id());
    assertThat(p2.nextCursor()).isNull();
    assertThat(store().list(new JobQuery(null, Map.of("team", team, "n", "1"), null, null, 100)).items())
        .extracting(JobRow::id).containsExactly(mine.get(3).id(), mine.get(1).id());
    assertThat(store().list(new JobQuery(JobState.CANCELLED, Map.of("team", team), null, null, 100)).items())
        .extracting(JobRow::id).containsExactly(mine.get(1).id());
    assertThat(store().list(new JobQuery(null, Map.of(), mine.get(2).name(), null, 100)).items())
        .extracting(JobRow::id).containsExactly(mine.get(2).id());
    assertThatThrownBy(() -> new JobQuery(null, null, null, "not a cursor!", 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobQuery(null, null, null, QueueOrder.Key.of(mine.get(0)).encode(), 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void theSchedulerOrderIsRunningThenLockedThenPriorityThenFirstSeen() {
    JobRow lowOld = job(Priority.of(100), T0, Map.of());
    JobRow highNew = job(Priority.of(900), T0.plusSeconds(5), Map.of());
    JobRow highOld = job(Priority.of(900), T0.plusSeconds(1), Map.of());
    JobRow held = job(Priority.HOLD, T0, Map.of());
    JobRow toLock = job(Priority.of(1), T0.plusSeconds(9), Map.of());
    JobRow toRun = job(Priority.of(2), T0.plusSeconds(9), Map.of());
    JobRow done = job(Priority.of(1000), T0, Map.of());
    for (JobRow j : List.of(lowOld, highNew, highOld, held, toLock, toRun, done)) {
      store().insert(j);
    }
    store().lock(toLock.id(), "d1");
    store().lock(toRun.id(), "d1");
    store().start(toRun.id(), "d1", "m1", AttemptRow.running(toRun.id(), 1, "n", "a", "x", T0.plusSeconds(10)));
    store().cancel(done.id(), null, T0.plusSeconds(10));
    List<String> expected = List.of(toRun.id(), toLock.id(), highOld.id(), highNew.id(), lowOld.id(), held.id());
    assertThat(store().schedulerOrder(100, null).items()).extracting(JobRow::id).containsExactlyElementsOf(expected);

    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      Page<JobRow> page = store().schedulerOrder(4, cursor);
      page.items().forEach(j -> paged.add(j.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(paged).containsExactlyElementsOf(expected);

    // a priority change moves it, an unlock puts it back among the queued at its first-seen place
    store().update(lowOld.id(), JobPatch.priority(Priority.of(900)));
    store().unlock(toLock.id(), "d1", T0);
    assertThat(store().schedulerOrder(100, null).items()).extracting(JobRow::id)
        .containsExactly(toRun.id(), lowOld.id(), highOld.id(), highNew.id(), toLock.id(), held.id());
    assertThatThrownBy(() -> store().schedulerOrder(10, TimeCursor.encode(T0, "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheduler order");
  }

  @Test
  default void countsByStateAndDeletesFinishedJobsWithTheirAttempts() {
    Map<JobState, Long> before = store().countByState();
    assertThat(before).containsOnlyKeys(JobState.values());
    JobRow done = in(JobState.COMPLETE);
    in(JobState.QUEUED);
    in(JobState.LOCKED);
    Map<JobState, Long> after = store().countByState();
    assertThat(after.get(JobState.COMPLETE)).isEqualTo(before.get(JobState.COMPLETE) + 1);
    assertThat(after.get(JobState.QUEUED)).isEqualTo(before.get(JobState.QUEUED) + 1);
    assertThat(after.get(JobState.LOCKED)).isEqualTo(before.get(JobState.LOCKED) + 1);

    assertThat(store().deleteFinished(T0.plusSeconds(3), 100)).as("finished at T0+3s, not before").isZero();
    assertThat(store().deleteFinished(T0.plusSeconds(4), 100)).isEqualTo(1);
    assertThat(store().get(done.id())).isEmpty();
    assertThat(store().attempts(done.id())).isEmpty();
  }
}
