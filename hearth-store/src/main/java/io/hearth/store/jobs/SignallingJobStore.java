package io.hearth.store.jobs;

import io.hearth.core.job.AttemptState;
import io.hearth.core.job.JobState;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link JobStore} that tells {@link LocalJobSignals} after each write of the store it wraps
 * that changed a job (an insert, or a change that applied; not a refusal), once the write has
 * returned — so committed. The embedded node's way to wake its dispatcher; on PostgreSQL a trigger
 * does it ({@code V6_1__job_signals}) and the plain store is used. Stateless; thread-safe as the
 * wrapped store is.
 */
public final class SignallingJobStore implements JobStore {
  private final JobStore store;
  private final LocalJobSignals signals;

  public SignallingJobStore(JobStore store, LocalJobSignals signals) {
    this.store = store;
    this.signals = signals;
  }

  @Override
  public void insert(JobRow job) {
    store.insert(job);
    signals.changed();
  }

  @Override
  public Optional<JobRow> get(String id) {
    return store.get(id);
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
  public boolean endAttempt(String jobId, int attempt, AttemptState state, Integer exitCode, String error,
      Instant at) {
    return store.endAttempt(jobId, attempt, state, exitCode, error, at);
  }

  @Override
  public void keepFiles(String jobId, int attempt, byte[] log, byte[] outputTar) {
    store.keepFiles(jobId, attempt, log, outputTar); // no job's state changes: the dispatcher is not woken
  }

  @Override
  public Optional<byte[]> log(String jobId, int attempt) {
    return store.log(jobId, attempt);
  }

  @Override
  public Optional<byte[]> output(String jobId, int attempt) {
    return store.output(jobId, attempt);
  }

  @Override
  public List<AttemptRow> attempts(String jobId) {
    return store.attempts(jobId);
  }

  @Override
  public Page<JobRow> list(JobQuery query) {
    return store.list(query);
  }

  @Override
  public Page<JobRow> schedulerOrder(int limit, String cursor) {
    return store.schedulerOrder(limit, cursor);
  }

  @Override
  public Map<JobState, Long> countByState() {
    return store.countByState();
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
