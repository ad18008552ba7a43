package io.hearth.store.jobs;

import io.hearth.core.job.JobState;
import io.hearth.core.job.Refused;

/**
 * The answer of a guarded write of {@link JobStore}: it applied (and the job is now in {@code
 * state}), the job rules refused it (nothing was written: the API's 409, or 403 for someone else's
 * lock), or there is no such job (404).
 */
public sealed interface JobChange {

  record Applied(JobState state) implements JobChange {}

  record Refusal(Refused refused) implements JobChange {
    public String message() {
      return refused.message();
    }
  }

  record NotFound(String id) implements JobChange {
    public String message() {
      return "Job not found: " + id;
    }
  }

  default boolean applied() {
    return this instanceof Applied;
  }
}
