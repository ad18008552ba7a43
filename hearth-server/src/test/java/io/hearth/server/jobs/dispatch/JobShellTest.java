package io.hearth.server.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.client.Exec;
import io.hearth.client.LeaseKeeper;
import io.hearth.core.job.AttemptState;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.core.job.dispatch.DispatchSettings;
import io.hearth.core.job.dispatch.NodeClasses;
import io.hearth.core.ledger.Resources;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobPatch;
import io.hearth.store.jobs.JobRow;
import io.hearth.testkit.store.InMemoryJobStore;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's shell on a manual clock, over the in-memory job store and fake nodes: a job
 * runs once and completes with its exit code, log and output; a start failure unlocks (a lock
 * counted); a lost alloc retries as a new attempt; max_run_time and priority 0 kill; a user's
 * cancel kills the container; a start in flight is never started again; a restarted dispatcher
 * re-adopts what the nodes still run and only then unlocks or retries what they do not.
 */
class JobShellTest {
  static final String ME = "hearth-dispatcher/n1";
  static final Resources CAP = new Resources(8L << 30, 4000, Map.of(Resources.DISK, 100L << 30, Resources.GPU, 0L));
  static final Executor IN_PLACE = Runnable::run;

  final ManualClock clock = new ManualClock();
  final InMemoryJobStore store = new InMemoryJobStore();
  final FakeJobNodes nodes = new FakeJobNodes(clock).node("n1", NodeClasses.ALL_IN_ONE, CAP);
  final AtomicInteger ids = new AtomicInteger();

  JobShell shell(String name, Executor io) {
    DispatcherSettings s = DispatcherSettings.defaults(
        DispatchSettings.defaults(name, NodeClasses.allInOne(CAP), 0), 1 << 20);
    return new JobShell(s, store, nodes, clock, new LeaseKeeper.Wiring(nodes, clock, clock, IN_PLACE, new Random(1)),
        io, () -> { });
  }

  JobRow submit(Scheduling scheduling) {
    JobRow j = JobRow.queued("j" + ids.incrementAndGet(), null, "img", List.of("true"), Map.of(),
        Priority.DEFAULT_PRIORITY, new Constraints(1, 256L << 20, 0, 0), scheduling, Map.of(), clock.instant());
    store.insert(j);
    return j;
  }

  JobRow row(String id) {
    return store.get(id).orElseThrow();
  }

  @Test
  void aJobRunsOnceAndCompletesWithItsExitCodeLogAndOutput() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(Scheduling.DEFAULT);
    shell.pass();
    JobRow running = row(j.id());
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.lockedBy()).isEqualTo(ME);
    assertThat(running.instanceType()).isEqualTo(NodeClasses.ALL_IN_ONE);
    assertThat(nodes.alloc(running.allocId()).labels())
        .containsEntry(JobViews.JOB_LABEL, j.id()).containsEntry(JobViews.ATTEMPT_LABEL, "1");
    Exec e = nodes.execOf(running.allocId());
    assertThat(store.attempts(j.id())).extracting(AttemptRow::execId).containsExactly(e.id());

    clock.advance(Duration.ofSeconds(5));
    shell.pass();
    assertThat(row(j.id()).state()).as("still running: no second start").isEqualTo(JobState.RUNNING);
    nodes.exit(e.id(), 3);
    shell.pass();
    JobRow done = row(j.id());
    assertThat(done.state()).isEqualTo(JobState.COMPLETE);
    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(store.log(j.id(), 1)).hasValueSatisfying(b -> assertThat(new String(b)).contains(e.id()));
    assertThat(store.output(j.id(), 1)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
    assertThat(nodes.live()).isEmpty();
    assertThat(nodes.starts(j.id(), 1)).isEqualTo(1);
    assertThat(shell.inHand()).isEmpty();
  }

  @Test
  void aStartFailureUnlocksCountingALockAndTheNextPassStartsItAgain() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(Scheduling.DEFAULT);
    nodes.failNextExecStart = true;
    shell.pass();
    JobRow back = row(j.id());
    assertThat(back.state()).isEqualTo(JobState.QUEUED);
    assertThat(back.lockCount()).isEqualTo(1);
    assertThat(back.attempt()).isEqualTo(1);
    assertThat(back.runtimeStatus().warning()).contains("could not start", "a fault the test asked for");
    assertThat(nodes.live()).as("its alloc freed").isEmpty();
    assertThat(store.attempts(j.id())).as("no attempt recorded: its container never ran").isEmpty();

    nodes.failNextTake = true;
    shell.pass();
    assertThat(row(j.id()).lockCount()).isEqualTo(2);
    assertThat(row(j.id()).runtimeStatus().warning()).contains("could not take a lease");

    shell.pass();
    assertThat(row(j.id()).state()).isEqualTo(JobState.RUNNING);
    assertThat(row(j.id()).attempt()).isEqualTo(1);
  }

  @Test
  void aStartWhoseAnswerWasLostStaysLockedUntilItsAllocIsFreedSoItsContainerNeverRunsBesideTheNext() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(Scheduling.DEFAULT);
    nodes.loseNextExecAnswer = true; // its container runs, the node goes silent before it answers
    shell.pass();
    assertThat(nodes.runningContainers(j.id())).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      shell.pass();
      assertThat(row(j.id()).state()).as("still locked: its container may run").isEqualTo(JobState.LOCKED);
      assertThat(nodes.runningContainers(j.id())).as("never a second container").isEqualTo(1);
    }
    nodes.silent = false; // the node answers again: the free kills the container, then the job is unlocked
    shell.pass();
    assertThat(nodes.runningContainers(j.id())).isZero();
    assertThat(row(j.id()).runtimeStatus().warning()).contains("did not answer", "freed now");
    shell.pass();
    assertThat(row(j.id()).state()).isEqualTo(JobState.RUNNING);
    assertThat(nodes.runningContainers(j.id())).isEqualTo(1);
  }

  @Test
  void aLostAllocEndsTheAttemptAndTheJobRunsAgainAsANewAttempt() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(Scheduling.DEFAULT);
    shell.pass();
    String first = row(j.id()).allocId();
    nodes.vanish(first); // its node is gone
    shell.pass();
    JobRow again = row(j.id());
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(store.attempts(j.id()).getFirst().state()).isEqualTo(AttemptState.CANCELLED);
    assertThat(store.attempts(j.id()).getFirst().error()).contains("alloc is gone");
    if (again.state() != JobState.RUNNING) {
      shell.pass();
    }
    JobRow second = row(j.id());
    assertThat(second.state()).isEqualTo(JobState.RUNNING);
    assertThat(second.allocId()).isNotEqualTo(first);
    assertThat(nodes.starts(j.id(), 2)).isEqualTo(1);
  }

  @Test
  void aLeaseThatCannotBeRenewedEndsTheAttempt() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(new Scheduling(false, 0, 1));
    shell.pass();
    nodes.free(row(j.id()).allocId()); // reclaimed under it: the next keepalive is refused (410)
    clock.advance(Duration.ofSeconds(61));
    shell.pass();
    JobRow gaveUp = row(j.id());
    assertThat(gaveUp.state()).as("one attempt only").isEqualTo(JobState.CANCELLED);
    assertThat(gaveUp.runtimeStatus().error()).contains("its lease was lost", "410", "no attempts left");
  }

  @Test
  void aJobPastItsMaxRunTimeIsKilledAndCancelled() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(new Scheduling(false, 10, 3));
    shell.pass();
    String alloc = row(j.id()).allocId();
    clock.advance(Duration.ofSeconds(9));
    shell.pass();
    assertThat(row(j.id()).state()).isEqualTo(JobState.RUNNING);
    clock.advance(Duration.ofSeconds(2));
    shell.pass();
    JobRow killed = row(j.id());
    assertThat(killed.state()).isEqualTo(JobState.CANCELLED);
    assertThat(killed.runtimeStatus().error()).contains("max_run_time_secs (10 s)");
    assertThat(nodes.execOf(alloc).state()).isEqualTo(Exec.State.KILLED);
    assertThat(nodes.live()).isEmpty();
    assertThat(store.attempts(j.id()).getFirst().state()).isEqualTo(AttemptState.CANCELLED);
  }

  @Test
  void priorityZeroKillsARunningJob() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(Scheduling.DEFAULT);
    shell.pass();
    store.update(j.id(), JobPatch.priority(Priority.HOLD));
    shell.pass();
    assertThat(row(j.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(row(j.id()).runtimeStatus().error()).contains("priority set to 0");
    assertThat(nodes.live()).isEmpty();
  }

  @Test
  void aUsersCancelOfARunningJobKillsItsContainer() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(Scheduling.DEFAULT);
    shell.pass();
    String alloc = row(j.id()).allocId();
    store.cancel(j.id(), "cancelled by alice", clock.instant());
    shell.pass();
    assertThat(nodes.execOf(alloc).state()).isEqualTo(Exec.State.KILLED);
    assertThat(nodes.live()).isEmpty();
    AttemptRow a = store.attempts(j.id()).getFirst();
    assertThat(a.state()).isEqualTo(AttemptState.CANCELLED);
    assertThat(a.error()).contains("cancelled by alice");
  }

  @Test
  void aStartInFlightIsNeverStartedAgain() {
    Queue<Runnable> later = new ArrayDeque<>();
    JobShell shell = shell(ME, later::add);
    JobRow j = submit(Scheduling.DEFAULT);
    shell.pass();
    shell.pass();
    shell.pass();
    assertThat(row(j.id()).state()).isEqualTo(JobState.LOCKED);
    assertThat(nodes.live()).as("one alloc taken").hasSize(1);
    assertThat(later).hasSize(1);
    later.remove().run();
    assertThat(row(j.id()).state()).isEqualTo(JobState.RUNNING);
    shell.pass();
    assertThat(nodes.starts(j.id(), 1)).isEqualTo(1);
    assertThat(nodes.live()).hasSize(1);
  }

  @Test
  void aRestartedDispatcherReadoptsWhatRunsAndOnlyThenClearsStaleLocks() {
    JobShell before = shell("hearth-dispatcher/old", IN_PLACE);
    JobRow running = submit(Scheduling.DEFAULT);
    before.pass();
    before.close(); // it stops; the container runs on
    String alloc = row(running.id()).allocId();

    JobRow startedUnrecorded = submit(Scheduling.DEFAULT); // its container started just before the stop
    store.lock(startedUnrecorded.id(), "hearth-dispatcher/old");
    Exec orphan = nodes.leftBehind("n1", new Resources(256L << 20, 1000), "hearth-dispatcher/old",
        Map.of(JobViews.JOB_LABEL, startedUnrecorded.id(), JobViews.ATTEMPT_LABEL, "1",
            JobViews.TYPE_LABEL, NodeClasses.ALL_IN_ONE));
    JobRow staleLock = submit(Scheduling.DEFAULT);
    store.lock(staleLock.id(), "hearth-dispatcher/old");
    JobRow outside = submit(Scheduling.DEFAULT);
    store.lock(outside.id(), "slurm");
    JobRow lostRun = submit(Scheduling.DEFAULT);
    store.lock(lostRun.id(), "hearth-dispatcher/old");
    store.start(lostRun.id(), "hearth-dispatcher/old", "all-in-one",
        AttemptRow.running(lostRun.id(), 1, "n1", "n1.gone", "x", clock.instant()));

    JobShell after = shell(ME, IN_PLACE);
    after.pass();
    assertThat(row(running.id()).state()).isEqualTo(JobState.RUNNING);
    assertThat(row(running.id()).lockedBy()).isEqualTo(ME);
    assertThat(row(running.id()).allocId()).isEqualTo(alloc);
    assertThat(nodes.starts(running.id(), 1)).as("re-adopted, not started again").isEqualTo(1);

    assertThat(row(startedUnrecorded.id()).state()).isEqualTo(JobState.RUNNING);
    assertThat(store.attempts(startedUnrecorded.id())).extracting(AttemptRow::execId).containsExactly(orphan.id());
    assertThat(nodes.starts(startedUnrecorded.id(), 1)).isEqualTo(1);

    assertThat(row(staleLock.id()).state()).as("unlocked, then started by the pass").isEqualTo(JobState.RUNNING);
    assertThat(row(staleLock.id()).lockCount()).isEqualTo(1);
    assertThat(row(outside.id()).lockedBy()).as("an outside dispatcher's lock is left alone").isEqualTo("slurm");
    assertThat(row(lostRun.id()).attempt()).as("no node ran it: retried").isEqualTo(2);
    assertThat(store.attempts(lostRun.id()).getFirst().error()).contains("no node runs attempt 1");

    nodes.exit(nodes.execOf(alloc).id(), 0);
    after.pass();
    assertThat(row(running.id()).state()).isEqualTo(JobState.COMPLETE);
    assertThat(row(running.id()).exitCode()).isZero();
  }

  @Test
  void anAllocOfAnEarlierAttemptThatCameBackIsFreedByTheNextSweep() {
    JobShell shell = shell(ME, IN_PLACE);
    JobRow j = submit(Scheduling.DEFAULT);
    shell.pass();
    nodes.vanish(row(j.id()).allocId()); // its node went away; the free could not reach it
    shell.pass();
    shell.pass();
    assertThat(row(j.id()).attempt()).isEqualTo(2);
    assertThat(row(j.id()).state()).isEqualTo(JobState.RUNNING);
    // the node comes back with the first attempt's alloc, its container running
    Exec back = nodes.leftBehind("n1", new Resources(256L << 20, 1000), ME,
        Map.of(JobViews.JOB_LABEL, j.id(), JobViews.ATTEMPT_LABEL, "1"));
    JobRow outsider = submit(Scheduling.DEFAULT);
    Exec theirs = nodes.leftBehind("n1", new Resources(1L << 20, 10), "someone",
        Map.of(JobViews.JOB_LABEL, outsider.id()));
    shell.pass();
    assertThat(nodes.live()).as("not yet: sweeps are every 30 s").contains(back.allocId());
    clock.advance(JobShell.SWEEP_EVERY);
    shell.pass();
    assertThat(nodes.live()).doesNotContain(back.allocId()).contains(row(j.id()).allocId(), theirs.allocId());
    assertThat(nodes.execOf(back.allocId()).state()).isEqualTo(Exec.State.KILLED);
    assertThat(row(j.id()).state()).as("the running attempt is untouched").isEqualTo(JobState.RUNNING);
  }
}
