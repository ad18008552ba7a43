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
 * A {@link JobStore} that hands every call to the store it wraps: the base of decorators that
 * act on some calls (signal after a change, count it) and override only those. Thread-safe as the
 * wrapped store is.
 */
public abstract class ForwardingJobStore implements JobStore {
  /** The wrapped store. */
  protected final JobStore store;

  protected ForwardingJobStore(JobStore store) {
    this.store = store;
  }

  @Override
  public void insert(JobRow job) {
    store.insert(job);
  }

  @Override
  public Optional<JobRow> get(String id) {
    return store.get(id);
  }

  @Override
  public JobChange update(String id, JobPatch patch) {
    return store.update(id, patch);
  }

  @Override
  public JobChange lock(String id, String dispatcher) {
    return store.lock(id, dispatcher);
  }

  @Override
  public JobChange unlock(String id, String dispatcher, Instant at) {
    return store.unlock(id, dispatcher, at);
  }

  @Override
  public JobChange adopt(String id, String previous, String dispatcher) {
    return store.adopt(id, previous, dispatcher);
  }

  @Override
  public JobChange start(String id, String dispatcher, String instanceType, AttemptRow started) {
    return store.start(id, dispatcher, instanceType, started);
  }

  @Override
  public JobChange complete(String id, String dispatcher, int attempt, int exitCode, Instant at) {
    return store.complete(id, dispatcher, attempt, exitCode, at);
  }

  @Override
  public JobChange retry(String id, String dispatcher, int attempt, String reason, Instant at) {
    return store.retry(id, dispatcher, attempt, reason, at);
  }

  @Override
  public JobChange cancel(String id, String error, Instant at) {
    return store.cancel(id, error, at);
  }

  @Override
  public JobChange setRuntimeStatus(String id, RuntimeStatus status) {
    return store.setRuntimeStatus(id, status);
  }

  @Override
  public boolean endAttempt(String jobId, int attempt, AttemptState state, Integer exitCode, String error,
      Instant at) {
    return store.endAttempt(jobId, attempt, state, exitCode, error, at);
  }

  @Override
  public void keepFiles(String jobId, int attempt, byte[] log, byte[] outputTar) {
    store.keepFiles(jobId, attempt, log, outputTar);
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
    return store.deleteFinished(before, limit);
  }
}
