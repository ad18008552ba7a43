package io.hearth.store.jobs;

import io.hearth.core.job.JobState;
import io.hearth.core.job.JobTransitions;
import io.hearth.core.job.Refused;
import io.hearth.core.job.Retry;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.core.job.Unlock;
import java.time.Instant;
import java.util.Objects;

/**
 * The store's writes as pure functions of the row read: each gives the row as it is to be written,
 * or the refusal. Both stores decide with these (the JDBC one then writes the new row's state
 * columns guarded by the old row's state, locker, lock count, attempt and priority, so a decision
 * made on a row that changed meanwhile never applies), so they answer alike.
 */
public final class JobChanges {

  /** A decision: write {@code row}, or refuse. */
  public sealed interface Step {}

  public record Next(JobRow row) implements Step {}

  public record Stop(Refused refused) implements Step {}

  private JobChanges() {}

  public static Step lock(JobRow j, String dispatcher) {
    Objects.requireNonNull(dispatcher, "dispatcher");
    if (JobTransitions.lock(j.state(), j.priority()) instanceof Refused r) {
      return new Stop(r);
    }
    return new Next(with(j, JobState.LOCKED, j.exitCode(), j.runtimeStatus(), j.lockCount(), dispatcher, j.attempt(),
        j.instanceType(), j.allocId(), j.nodeId(), j.startedAt(), null));
  }

  public static Step unlock(JobRow j, String dispatcher, Instant at, int maxDispatchAttempts) {
    return switch (JobTransitions.unlock(j.state(), j.lockedBy(), j.lockCount(), dispatcher, maxDispatchAttempts)) {
      case Refused r -> new Stop(r);
      case Unlock.Requeue q -> new Next(with(j, JobState.QUEUED, null, j.runtimeStatus(), q.lockCount(), null,
          j.attempt(), j.instanceType(), j.allocId(), j.nodeId(), null, null));
      case Unlock.Cancel c -> new Next(with(j, JobState.CANCELLED, null, j.runtimeStatus().withError(c.error()),
          c.lockCount(), null, j.attempt(), j.instanceType(), j.allocId(), j.nodeId(), j.startedAt(), at));
    };
  }

  public static Step adopt(JobRow j, String previous, String dispatcher) {
    Objects.requireNonNull(dispatcher, "dispatcher");
    if (j.state() != JobState.LOCKED && j.state() != JobState.RUNNING) {
      return new Stop(Refused.conflict("the job is " + j.state().wire()
          + ": only a locked or running job's lock can be taken over"));
    }
    if (!j.lockedBy().equals(previous)) {
      return new Stop(Refused.conflict("the job is locked by '" + j.lockedBy() + "', not '" + previous + "'"));
    }
    return new Next(with(j, j.state(), j.exitCode(), j.runtimeStatus(), j.lockCount(), dispatcher, j.attempt(),
        j.instanceType(), j.allocId(), j.nodeId(), j.startedAt(), j.finishedAt()));
  }

  public static Step start(JobRow j, String dispatcher, String instanceType, AttemptRow started) {
    if (held(j, JobState.LOCKED, JobState.RUNNING, dispatcher, started.attempt()) instanceof Stop s) {
      return s;
    }
    return new Next(with(j, JobState.RUNNING, null, j.runtimeStatus(), j.lockCount(), dispatcher, j.attempt(),
        instanceType, started.allocId(), started.nodeId(), started.startedAt(), null));
  }

  public static Step complete(JobRow j, String dispatcher, int attempt, int exitCode, Instant at) {
    if (held(j, JobState.RUNNING, JobState.COMPLETE, dispatcher, attempt) instanceof Stop s) {
      return s;
    }
    return new Next(with(j, JobState.COMPLETE, exitCode, j.runtimeStatus(), j.lockCount(), null, j.attempt(),
        j.instanceType(), j.allocId(), j.nodeId(), j.startedAt(), at));
  }

  public static Step retry(JobRow j, String dispatcher, int attempt, String reason, Instant at) {
    if (held(j, JobState.RUNNING, JobState.QUEUED, dispatcher, attempt) instanceof Stop s) {
      return s;
    }
    return switch (JobTransitions.retry(j.state(), j.priority(), attempt, j.scheduling().maxAttempts(), reason)) {
      case Refused r -> new Stop(r);
      case Retry.Requeue q -> new Next(with(j, JobState.QUEUED, null, RuntimeStatus.EMPTY.withWarning(
          "attempt " + attempt + " was cancelled (" + reason + "); attempt " + q.nextAttempt() + " follows"),
          0, null, q.nextAttempt(), null, null, null, null, null));
      case Retry.GiveUp g -> new Next(with(j, JobState.CANCELLED, null, j.runtimeStatus().withError(g.error()),
          j.lockCount(), null, j.attempt(), j.instanceType(), j.allocId(), j.nodeId(), j.startedAt(), at));
    };
  }

  public static Step cancel(JobRow j, String error, Instant at) {
    if (JobTransitions.check(j.state(), JobState.CANCELLED) instanceof Refused r) {
      return new Stop(r);
    }
    RuntimeStatus status = error == null ? j.runtimeStatus() : j.runtimeStatus().withError(error);
    return new Next(with(j, JobState.CANCELLED, null, status, j.lockCount(), null, j.attempt(), j.instanceType(),
        j.allocId(), j.nodeId(), j.startedAt(), at));
  }

  public static Step runtimeStatus(JobRow j, RuntimeStatus status) {
    if (j.state().isFinal()) {
      return new Stop(Refused.conflict("the job is " + j.state().wire() + ": its runtime status no longer changes"));
    }
    return new Next(with(j, j.state(), j.exitCode(), status, j.lockCount(), j.lockedBy(), j.attempt(),
        j.instanceType(), j.allocId(), j.nodeId(), j.startedAt(), j.finishedAt()));
  }

  /** The row is in {@code state}, held by {@code dispatcher}, at {@code attempt}: else why not. */
  private static Step held(JobRow j, JobState state, JobState to, String dispatcher, int attempt) {
    if (j.state() != state) {
      return new Stop(Refused.cannotChange(j.state(), to));
    }
    if (!j.lockedBy().equals(dispatcher)) {
      return new Stop(Refused.forbidden("the job is locked by '" + j.lockedBy() + "', not '" + dispatcher + "'"));
    }
    if (j.attempt() != attempt) {
      return new Stop(Refused.conflict("the job is at attempt " + j.attempt() + ", not " + attempt));
    }
    return new Next(j);
  }

  private static JobRow with(JobRow j, JobState state, Integer exitCode, RuntimeStatus status, int lockCount,
      String lockedBy, int attempt, String instanceType, String allocId, String nodeId, Instant startedAt,
      Instant finishedAt) {
    return new JobRow(j.id(), j.name(), j.image(), j.command(), j.env(), j.priority(), j.constraints(),
        j.scheduling(), j.labels(), state, exitCode, status, lockCount, lockedBy, attempt, instanceType, allocId,
        nodeId, j.createdAt(), j.firstSeenAt(), startedAt, finishedAt);
  }
}
