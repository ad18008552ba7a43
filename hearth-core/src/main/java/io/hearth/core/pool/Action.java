package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;

/** What the shell must do after the pool decided. Actions are applied in the order given. */
public sealed interface Action {

  /** Start container {@code container} for the slot; its resources are already granted. */
  record Launch(long container, SlotKey slot) implements Action {}

  /**
   * Run call {@code call} in container {@code container}.
   *
   * @param thaw the container is frozen (or being frozen): thaw it first
   * @param cold the call waited for this container to start (a prewarmed container's first call is warm)
   */
  record Assign(long call, long container, boolean thaw, boolean cold) implements Action {}

  /** Refuse call {@code call}. */
  record Reject(long call, Rejection reason) implements Action {}

  /** The launch of {@code container} failed; its failure is call {@code call}'s answer. */
  record FailWithLaunch(long call, long container) implements Action {}

  /** Stop and remove container {@code container}; its resources are already released. */
  record Retire(long container, RetireReason reason) implements Action {}

  /** Freeze idle container {@code container}. */
  record Freeze(long container) implements Action {}

  /** Why a call was refused. */
  enum Rejection {
    /** It asks for more than the node has at all (400). */
    TOO_BIG,
    /** The node is full, or the call waited longer than allowed (503 + Retry-After). */
    TOO_BUSY
  }

  /** Why a container retires. */
  enum RetireReason {
    EXPIRED, EVICTED, BROKEN, EXITED, DRAINED, SHUTDOWN
  }
}
