package io.hearth.core.job.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One job of the queue as a dispatch pass sees it: the current attempt of a job that is not final.
 * Immutable; the dispatch package's own view, adapted from the job model and store.
 *
 * @param id          the job's id
 * @param attempt     the current attempt, from 1
 * @param maxAttempts how many attempts the job may have in all (scheduling.max_attempts)
 * @param priority    0..1000; 0 = on hold (nobody wants it)
 * @param need        the job's runtime constraints
 * @param preemptible whether it asked for preemptible nodes
 * @param maxRunTime  how long one attempt may run; {@link Duration#ZERO} = no bound
 * @param state       where it is in the queue
 * @param firstSeenAt when a dispatcher first saw the job queued (the order's tie-break)
 * @param lockedBy    the dispatcher holding its lock; null when queued
 * @param lockCount   how often it has been locked (dispatch attempts so far)
 * @param nodeId      the node its attempt runs on; null unless running
 * @param startedAt   when its attempt started; null unless running
 */
public record QueuedJob(String id, int attempt, int maxAttempts, int priority, Constraints need, boolean preemptible,
    Duration maxRunTime, State state, Instant firstSeenAt, String lockedBy, int lockCount, String nodeId,
    Instant startedAt) {

  /** The states a job in the queue can be in (complete and cancelled jobs are not in it). */
  public enum State { QUEUED, LOCKED, RUNNING }

  public QueuedJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(need, "need");
    Objects.requireNonNull(maxRunTime, "maxRunTime");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(firstSeenAt, "firstSeenAt");
    if (attempt < 1 || maxAttempts < 1 || priority < 0 || priority > 1000 || lockCount < 0 || maxRunTime.isNegative()) {
      throw new IllegalArgumentException("job " + id + ": attempt and max attempts from 1, priority 0..1000,"
          + " lock count and max run time not negative");
    }
    if ((state == State.QUEUED) != (lockedBy == null)) {
      throw new IllegalArgumentException("job " + id + ": a queued job has no locker, a locked or running one has");
    }
    if ((state == State.RUNNING) != (nodeId != null && startedAt != null)) {
      throw new IllegalArgumentException("job " + id + ": exactly a running job has a node and a start time");
    }
  }

  /** A queued job with one attempt of at most three, no run-time bound, never locked. */
  public static QueuedJob queued(String id, int priority, Constraints need, Instant firstSeenAt) {
    return new QueuedJob(id, 1, 3, priority, need, false, Duration.ZERO, State.QUEUED, firstSeenAt, null, 0, null,
        null);
  }

  /** This job locked by {@code dispatcher} (its lock count one more). */
  public QueuedJob lockedBy(String dispatcher) {
    return new QueuedJob(id, attempt, maxAttempts, priority, need, preemptible, maxRunTime, State.LOCKED, firstSeenAt,
        dispatcher, lockCount + 1, null, null);
  }

  /** This job, locked as it is, running on {@code node} since {@code at}. */
  public QueuedJob runningOn(String node, Instant at) {
    if (lockedBy == null) {
      throw new IllegalStateException("job " + id + " must be locked before it runs");
    }
    return new QueuedJob(id, attempt, maxAttempts, priority, need, preemptible, maxRunTime, State.RUNNING,
        firstSeenAt, lockedBy, lockCount, node, at);
  }

  /** This job queued again, unlocked (a start failure, or the dispatcher let it go). */
  public QueuedJob unlocked() {
    return new QueuedJob(id, attempt, maxAttempts, priority, need, preemptible, maxRunTime, State.QUEUED, firstSeenAt,
        null, lockCount, null, null);
  }

  /** This job queued as its next attempt. */
  public QueuedJob nextAttempt() {
    return new QueuedJob(id, attempt + 1, maxAttempts, priority, need, preemptible, maxRunTime, State.QUEUED,
        firstSeenAt, null, lockCount, null, null);
  }

  public QueuedJob withPriority(int p) {
    return new QueuedJob(id, attempt, maxAttempts, p, need, preemptible, maxRunTime, state, firstSeenAt, lockedBy,
        lockCount, nodeId, startedAt);
  }

  public QueuedJob withScheduling(boolean preemptible, Duration maxRunTime, int maxAttempts) {
    return new QueuedJob(id, attempt, maxAttempts, priority, need, preemptible, maxRunTime, state, firstSeenAt,
        lockedBy, lockCount, nodeId, startedAt);
  }

  public QueuedJob withLockCount(int count) {
    return new QueuedJob(id, attempt, maxAttempts, priority, need, preemptible, maxRunTime, state, firstSeenAt,
        lockedBy, count, nodeId, startedAt);
  }

  boolean lockedBy(String dispatcher, State s) {
    return state == s && dispatcher.equals(lockedBy);
  }
}
