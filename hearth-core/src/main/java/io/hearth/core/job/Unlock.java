package io.hearth.core.job;

/** The answer to {@link JobTransitions#unlock}. */
public sealed interface Unlock permits Unlock.Requeue, Unlock.Cancel, Refused {

  /** Back to queued, the lock cleared; {@code lockCount} counts this unlock. */
  record Requeue(int lockCount) implements Unlock {}

  /**
   * The job has been locked and given up as often as allowed: it ends cancelled instead, with
   * {@code error} as its runtime status error.
   */
  record Cancel(int lockCount, String error) implements Unlock {}
}
