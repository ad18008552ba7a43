package io.hearth.core.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The job state machine of SEMANTICS.md A, as pure functions of a job's fields. The edges:
 * queued to locked or cancelled; locked to queued, running or cancelled; running to complete or
 * cancelled. Complete and cancelled are final. Any other change, staying in the same state
 * included, is refused with {@code cannot change from X to Y}.
 *
 * <p>Beside the plain edges: {@link #lock} (only queued with priority &gt; 0), {@link #unlock}
 * (only by the locker; the unlock that brings {@code lock_count} to the maximum dispatch
 * attempts cancels instead) and {@link #retry}, the one way from running back to queued: an
 * attempt that ended cancelled is followed by a new attempt while attempts remain and someone
 * still wants the job (priority &gt; 0).
 *
 * <p>{@code lock_count} counts the locks given up (each unlock, the cancelling one included), so
 * a job is locked at most {@code maxDispatchAttempts} times before it is cancelled.
 */
public final class JobTransitions {

  /** Arvados's MaxDispatchAttempts: a job locked and given up this often is cancelled. */
  public static final int DEFAULT_MAX_DISPATCH_ATTEMPTS = 10;

  private static final Map<JobState, Set<JobState>> EDGES = Map.of(
      JobState.QUEUED, EnumSet.of(JobState.LOCKED, JobState.CANCELLED),
      JobState.LOCKED, EnumSet.of(JobState.QUEUED, JobState.RUNNING, JobState.CANCELLED),
      JobState.RUNNING, EnumSet.of(JobState.COMPLETE, JobState.CANCELLED),
      JobState.COMPLETE, EnumSet.noneOf(JobState.class),
      JobState.CANCELLED, EnumSet.noneOf(JobState.class));

  private JobTransitions() {}

  /** Whether the state machine has an edge from {@code from} to {@code to}. */
  public static Transition check(JobState from, JobState to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return EDGES.get(from).contains(to) ? new Transition.Allowed(from, to) : Refused.cannotChange(from, to);
  }

  /** Whether a dispatcher may lock the job: only a queued job whose priority is above 0. */
  public static Transition lock(JobState state, Priority priority) {
    Transition edge = check(state, JobState.LOCKED);
    if (edge instanceof Refused) {
      return edge;
    }
    if (priority.onHold()) {
      return Refused.conflict("cannot lock a job on hold (priority 0): raise its priority to run it");
    }
    return edge;
  }

  /**
   * What unlocking a job does.
   *
   * @param lockedBy   the job's locker (null when it is not locked)
   * @param lockCount  the job's unlocks so far
   * @param dispatcher who asks to unlock it
   * @param maxDispatchAttempts how many locks a job gets before an unlock cancels it (&gt;= 1)
   */
  public static Unlock unlock(JobState state, String lockedBy, int lockCount, String dispatcher,
      int maxDispatchAttempts) {
    if (maxDispatchAttempts < 1) {
      throw new IllegalArgumentException("max dispatch attempts must be at least 1, got " + maxDispatchAttempts);
    }
    if (check(state, JobState.QUEUED) instanceof Refused r) {
      return r;
    }
    if (!Objects.equals(lockedBy, dispatcher)) {
      return Refused.forbidden("the job is locked by '" + lockedBy + "', not '" + dispatcher
          + "': only its locker may unlock it");
    }
    int count = lockCount + 1;
    if (count >= maxDispatchAttempts) {
      return new Unlock.Cancel(count, "cancelled after " + count + " dispatch attempts (the maximum is "
          + maxDispatchAttempts + "): it was locked and unlocked " + count + " times without starting");
    }
    return new Unlock.Requeue(count);
  }

  /**
   * What follows a running attempt that ended cancelled for {@code reason} (a lost node, a
   * reclaimed lease, a start that failed after the container was made).
   *
   * @param attempt the attempt that ended, counting from 1
   */
  public static Retry retry(JobState state, Priority priority, int attempt, int maxAttempts, String reason) {
    if (state != JobState.RUNNING) {
      return Refused.conflict("cannot retry a job that is " + state.wire() + ": only a running job's attempt ends");
    }
    if (priority.onHold()) {
      return new Retry.GiveUp("attempt " + attempt + " was cancelled (" + reason
          + ") and the job is on hold (priority 0), so no attempt follows");
    }
    if (attempt >= maxAttempts) {
      return new Retry.GiveUp("attempt " + attempt + " of " + maxAttempts + " was cancelled (" + reason
          + "); no attempts left");
    }
    return new Retry.Requeue(attempt + 1);
  }

  /** Whether the job's priority may still change: not once it is complete or cancelled. */
  public static Transition changePriority(JobState state) {
    return state.isFinal()
        ? Refused.conflict("the job is " + state.wire() + ": its priority can no longer change")
        : new Transition.Allowed(state, state);
  }
}
