package io.hearth.core.job.dispatch;

/**
 * What follows when a job's attempt ends cancelled by no choice of its own (its node was lost, its
 * lease reclaimed, its start failed past the retries): a new attempt while attempts remain and
 * someone still wants the job (priority above 0), else the job ends cancelled saying why. Pure.
 */
public final class AttemptEnd {
  private AttemptEnd() {}

  /** A {@link DispatchAction.Retry} or a {@link DispatchAction.Cancel} for {@code job}'s current attempt. */
  public static DispatchAction after(QueuedJob job, String reason) {
    if (job.priority() == 0) {
      return new DispatchAction.Cancel(job.id(), job.attempt(), reason + "; not retried: priority is 0");
    }
    if (job.attempt() >= job.maxAttempts()) {
      return new DispatchAction.Cancel(job.id(), job.attempt(), reason + "; attempt " + job.attempt() + " of "
          + job.maxAttempts() + " (max_attempts) was the last");
    }
    return new DispatchAction.Retry(job.id(), job.attempt() + 1, reason);
  }
}
