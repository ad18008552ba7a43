package io.hearth.store.jobs;

import io.hearth.core.job.RuntimeStatus;
import java.time.Instant;

/**
 * A {@link JobStore} that tells {@link LocalJobSignals} after each write of the store it wraps
 * that changed a job (an insert, or a change that applied; not a refusal), once the write has
 * returned — so committed. The embedded node's way to wake its dispatcher; on PostgreSQL a trigger
 * does it ({@code V6_1__job_signals}) and the plain store is used. Stateless; thread-safe as the
 * wrapped store is.
 */
public final class SignallingJobStore extends ForwardingJobStore {
  private final LocalJobSignals signals;

  public SignallingJobStore(JobStore store, LocalJobSignals signals) {
    super(store);
    this.signals = signals;
  }

  @Override
  public void insert(JobRow job) {
    store.insert(job);
    signals.changed();
  }

  @Override
  public JobChange update(String id, JobPatch patch) {
    return told(store.update(id, patch));
  }

  @Override
  public JobChange lock(String id, String dispatcher) {
    return told(store.lock(id, dispatcher));
  }

  @Override
  public JobChange unlock(String id, String dispatcher, Instant at) {
    return told(store.unlock(id, dispatcher, at));
  }

  @Override
  public JobChange adopt(String id, String previous, String dispatcher) {
    return told(store.adopt(id, previous, dispatcher));
  }

  @Override
  public JobChange start(String id, String dispatcher, String instanceType, AttemptRow started) {
    return told(store.start(id, dispatcher, instanceType, started));
  }

  @Override
  public JobChange complete(String id, String dispatcher, int attempt, int exitCode, Instant at) {
    return told(store.complete(id, dispatcher, attempt, exitCode, at));
  }

  @Override
  public JobChange retry(String id, String dispatcher, int attempt, String reason, Instant at) {
    return told(store.retry(id, dispatcher, attempt, reason, at));
  }

  @Override
  public JobChange cancel(String id, String error, Instant at) {
    return told(store.cancel(id, error, at));
  }

  @Override
  public JobChange setRuntimeStatus(String id, RuntimeStatus status) {
    return told(store.setRuntimeStatus(id, status));
  }

  @Override
  public int deleteFinished(Instant before, int limit) {
    int n = store.deleteFinished(before, limit);
    if (n > 0) {
      signals.changed();
    }
    return n;
  }

  private JobChange told(JobChange change) {
    if (change.applied()) {
      signals.changed();
    }
    return change;
  }
}
