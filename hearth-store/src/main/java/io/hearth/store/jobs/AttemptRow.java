package io.hearth.store.jobs;

import io.hearth.core.job.AttemptState;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a job, recorded when its container starts ({@link JobStore#start}).
 *
 * @param execId     the exec running the container in the alloc, or null
 * @param exitCode   the container's exit code once it exited, else null
 * @param error      why it was cancelled, else null
 */
public record AttemptRow(
    String jobId,
    int attempt,
    String nodeId,
    String allocId,
    String execId,
    AttemptState state,
    Integer exitCode,
    String error,
    Instant startedAt,
    Instant finishedAt) {

  public AttemptRow {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
    }
    if (state.isFinal() != (finishedAt != null)) {
      throw new IllegalArgumentException("attempt " + attempt + " of " + jobId + " is " + state.wire()
          + ": finished_at must be " + (state.isFinal() ? "set" : "null"));
    }
  }

  /** An attempt whose container has just started. */
  public static AttemptRow running(String jobId, int attempt, String nodeId, String allocId, String execId,
      Instant startedAt) {
    return new AttemptRow(jobId, attempt, nodeId, allocId, execId, AttemptState.RUNNING, null, null, startedAt, null);
  }
}
