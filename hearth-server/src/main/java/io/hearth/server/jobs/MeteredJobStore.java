package io.hearth.server.jobs;

import io.hearth.core.job.JobState;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobChange;
import io.hearth.store.jobs.ForwardingJobStore;
import io.hearth.store.jobs.JobStore;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link JobStore} that tells {@link JobMetrics} of each change that applied, so whatever writes
 * through it is counted — this node's dispatcher, an outside one through the lock API, a person's
 * cancel — and a change refused (a lost race) is not: a lock is {@code locked()}, an unlock {@code
 * unlocked()} (and an end when it cancels at the maximum dispatch attempts), a start {@code
 * started(first seen to start)}, a complete its outcome by exit code, a cancel or a retry that
 * gives up {@code CANCELLED}. Use it or have the dispatcher call {@link JobMetrics} itself, not
 * both. Stateless; thread-safe as the wrapped store is.
 */
public final class MeteredJobStore extends ForwardingJobStore {
  private final JobMetrics metrics;

  public MeteredJobStore(JobStore store, JobMetrics metrics) {
    super(store);
    this.metrics = metrics;
  }

  @Override
  public JobChange lock(String id, String dispatcher) {
    JobChange c = store.lock(id, dispatcher);
    if (c.applied()) {
      metrics.locked();
    }
    return c;
  }

  @Override
  public JobChange unlock(String id, String dispatcher, Instant at) {
    JobChange c = store.unlock(id, dispatcher, at);
    if (c instanceof JobChange.Applied a) {
      metrics.unlocked();
      ended(a);
    }
    return c;
  }

  @Override
  public JobChange start(String id, String dispatcher, String instanceType, AttemptRow started) {
    JobChange c = store.start(id, dispatcher, instanceType, started);
    if (c.applied()) {
      store.get(id).ifPresent(j -> metrics.started(Duration.between(j.firstSeenAt(), started.startedAt())));
    }
    return c;
  }

  @Override
  public JobChange complete(String id, String dispatcher, int attempt, int exitCode, Instant at) {
    JobChange c = store.complete(id, dispatcher, attempt, exitCode, at);
    if (c.applied()) {
      metrics.ended(JobMetrics.Outcome.ofExit(exitCode));
    }
    return c;
  }

  @Override
  public JobChange retry(String id, String dispatcher, int attempt, String reason, Instant at) {
    JobChange c = store.retry(id, dispatcher, attempt, reason, at);
    if (c instanceof JobChange.Applied a) {
      ended(a); // cancelled when it gave up; queued again is no end
    }
    return c;
  }

  @Override
  public JobChange cancel(String id, String error, Instant at) {
    JobChange c = store.cancel(id, error, at);
    if (c instanceof JobChange.Applied a) {
      ended(a);
    }
    return c;
  }

  private void ended(JobChange.Applied a) {
    if (a.state() == JobState.CANCELLED) {
      metrics.ended(JobMetrics.Outcome.CANCELLED);
    }
  }

}
