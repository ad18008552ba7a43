package io.hearth.core.job;

import static io.hearth.core.job.JobState.CANCELLED;
import static io.hearth.core.job.JobState.COMPLETE;
import static io.hearth.core.job.JobState.LOCKED;
import static io.hearth.core.job.JobState.QUEUED;
import static io.hearth.core.job.JobState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {

  /** SEMANTICS.md A, written out again by hand: the only edges there are. */
  private static final Set<String> EDGES = Set.of(
      "queued>locked", "queued>cancelled",
      "locked>queued", "locked>running", "locked>cancelled",
      "running>complete", "running>cancelled");

  @Test
  void everyPairOfStatesIsAllowedExactlyWhenTheStateMachineHasThatEdge() {
    int allowed = 0;
    for (JobState from : JobState.values()) {
      for (JobState to : JobState.values()) {
        Transition t = JobTransitions.check(from, to);
        if (EDGES.contains(from.wire() + ">" + to.wire())) {
          assertThat(t).as(from + " to " + to).isEqualTo(new Transition.Allowed(from, to));
          allowed++;
        } else {
          assertThat(t).as(from + " to " + to)
              .isEqualTo(Refused.conflict("cannot change from " + from.wire() + " to " + to.wire()));
        }
      }
    }
    assertThat(allowed).isEqualTo(EDGES.size());
  }

  @Test
  void finalStatesAreCompleteAndCancelled() {
    for (JobState s : JobState.values()) {
      assertThat(s.isFinal()).as(s.wire()).isEqualTo(s == COMPLETE || s == CANCELLED);
      assertThat(JobState.ofWire(s.wire())).isEqualTo(s);
    }
    assertThatThrownBy(() -> JobState.ofWire("done")).hasMessageContaining("queued, locked, running, complete or cancelled");
  }

  @Test
  void onlyAQueuedJobWithPriorityAboveZeroIsLocked() {
    assertThat(JobTransitions.lock(QUEUED, Priority.of(1))).isEqualTo(new Transition.Allowed(QUEUED, LOCKED));
    assertThat(JobTransitions.lock(QUEUED, Priority.HOLD)).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.kind()).isEqualTo(Refused.Kind.CONFLICT);
      assertThat(r.message()).contains("on hold (priority 0)");
    });
    for (JobState s : new JobState[] {LOCKED, RUNNING, COMPLETE, CANCELLED}) {
      assertThat(JobTransitions.lock(s, Priority.of(1000))).as(s.wire())
          .isEqualTo(Refused.conflict("cannot change from " + s.wire() + " to locked"));
    }
  }

  @Test
  void onlyTheLockerUnlocksAndEachUnlockCounts() {
    assertThat(JobTransitions.unlock(LOCKED, "d1", 0, "d1", 10)).isEqualTo(new Unlock.Requeue(1));
    assertThat(JobTransitions.unlock(LOCKED, "d1", 8, "d1", 10)).isEqualTo(new Unlock.Requeue(9));
    assertThat(JobTransitions.unlock(LOCKED, "d1", 0, "d2", 10)).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.kind()).isEqualTo(Refused.Kind.FORBIDDEN);
      assertThat(r.message()).contains("locked by 'd1'", "not 'd2'");
    });
    for (JobState s : new JobState[] {QUEUED, RUNNING, COMPLETE, CANCELLED}) {
      assertThat(JobTransitions.unlock(s, "d1", 0, "d1", 10)).as(s.wire())
          .isEqualTo(Refused.conflict("cannot change from " + s.wire() + " to queued"));
    }
    assertThatThrownBy(() -> JobTransitions.unlock(LOCKED, "d1", 0, "d1", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theUnlockThatReachesTheMaximumDispatchAttemptsCancels() {
    assertThat(JobTransitions.unlock(LOCKED, "d1", 9, "d1", 10)).isInstanceOfSatisfying(Unlock.Cancel.class, c -> {
      assertThat(c.lockCount()).isEqualTo(10);
      assertThat(c.error()).contains("10 dispatch attempts", "maximum is 10");
    });
    // a job locked ten times: nine unlocks requeue it, the tenth cancels
    int count = 0;
    int locks = 0;
    while (true) {
      locks++;
      Unlock u = JobTransitions.unlock(LOCKED, "d", count, "d", JobTransitions.DEFAULT_MAX_DISPATCH_ATTEMPTS);
      if (u instanceof Unlock.Requeue r) {
        count = r.lockCount();
      } else {
        assertThat(u).isInstanceOf(Unlock.Cancel.class);
        break;
      }
    }
    assertThat(locks).isEqualTo(10);
    assertThat(JobTransitions.unlock(LOCKED, "d", 0, "d", 1)).isInstanceOf(Unlock.Cancel.class);
  }

  @Test
  void aCancelledAttemptIsRetriedWhileAttemptsRemainAndSomeoneWantsTheJob() {
    assertThat(JobTransitions.retry(RUNNING, Priority.of(1), 1, 3, "node lost")).isEqualTo(new Retry.Requeue(2));
    assertThat(JobTransitions.retry(RUNNING, Priority.of(1), 2, 3, "node lost")).isEqualTo(new Retry.Requeue(3));
    assertThat(JobTransitions.retry(RUNNING, Priority.of(1), 3, 3, "node lost"))
        .isInstanceOfSatisfying(Retry.GiveUp.class, g -> assertThat(g.error()).contains("attempt 3 of 3", "node lost"));
    assertThat(JobTransitions.retry(RUNNING, Priority.HOLD, 1, 3, "lease reclaimed"))
        .isInstanceOfSatisfying(Retry.GiveUp.class, g -> assertThat(g.error()).contains("on hold"));
    for (JobState s : new JobState[] {QUEUED, LOCKED, COMPLETE, CANCELLED}) {
      assertThat(JobTransitions.retry(s, Priority.of(1), 1, 3, "x")).as(s.wire()).isInstanceOf(Refused.class);
    }
  }

  @Test
  void priorityChangesUntilTheJobIsFinal() {
    for (JobState s : JobState.values()) {
      assertThat(JobTransitions.changePriority(s) instanceof Refused).as(s.wire()).isEqualTo(s.isFinal());
    }
  }
}
