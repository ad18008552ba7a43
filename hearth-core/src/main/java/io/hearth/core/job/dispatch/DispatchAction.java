package io.hearth.core.job.dispatch;

import io.hearth.core.ledger.Resources;

/**
 * One thing a dispatch pass decided; the dispatcher's shell applies them in order. Each names the
 * job; those that act on an attempt name it too, so a shell applying a stale action can tell.
 */
public sealed interface DispatchAction {
  String jobId();

  /** Lock the queued job for this dispatcher; a {@link Start} of it follows in the same pass. */
  record Lock(String jobId) implements DispatchAction {}

  /**
   * Take a lease of {@code request} on {@code nodeId} (of class {@code instanceType}) and start the
   * job's attempt in it. A start failure unlocks the job.
   */
  record Start(String jobId, int attempt, String nodeId, String instanceType, Resources request)
      implements DispatchAction {}

  /** The job stays locked though it cannot start yet: it is next in line for room. No change. */
  record KeepLocked(String jobId, String reason) implements DispatchAction {}

  /** Release this dispatcher's lock; the job is queued again. */
  record Unlock(String jobId, String reason) implements DispatchAction {}

  /** End the job cancelled with {@code message} as runtime_status.error (queued or locked). */
  record Cancel(String jobId, int attempt, String message) implements DispatchAction {}

  /** Kill the running attempt; it ends cancelled with {@code message}. */
  record Kill(String jobId, int attempt, String message) implements DispatchAction {}

  /** The attempt ended cancelled ({@code reason}); queue attempt {@code nextAttempt} of the job. */
  record Retry(String jobId, int nextAttempt, String reason) implements DispatchAction {}

  /** The job has priority 0 and stays queued, never locked. No change. */
  record Hold(String jobId) implements DispatchAction {}

  /** Whether applying this changes a job (every action but {@link KeepLocked} and {@link Hold}). */
  default boolean changes() {
    return !(this instanceof KeepLocked || this instanceof Hold);
  }
}
