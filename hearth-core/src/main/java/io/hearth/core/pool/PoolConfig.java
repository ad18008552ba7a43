package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.util.Objects;

/**
 * The node pool's settings.
 *
 * @param capacity     what the node may grant to containers
 * @param freeze       whether and when an idle container is frozen
 * @param maxQueueWait longest a call may wait for a container before it is refused (503)
 * @param nonBlocking  refuse at once when the node is full and nothing can be evicted, instead of
 *                     waiting for room (what a runner behind a load balancer wants)
 * @param maxStarting  most containers starting at once for calls, 0 for no bound: a start storm on a
 *                     small node makes every start slow, so each times out its init; calls over the
 *                     bound wait (or, non-blocking, are refused) until a start ends
 * @param waitForBusy  a waiting call starts a container only when no busy container of its slot is
 *                     expected to free sooner than a new one could start ({@link LaunchEstimates});
 *                     off: every call no starting container serves starts one
 */
public record PoolConfig(Resources capacity, FreezePolicy freeze, Duration maxQueueWait, boolean nonBlocking,
    int maxStarting, boolean waitForBusy) {
  public PoolConfig {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(freeze, "freeze");
    if (maxQueueWait.isNegative()) {
      throw new IllegalArgumentException("max queue wait cannot be negative");
    }
    if (maxStarting < 0) {
      throw new IllegalArgumentException("the bound on concurrent starts cannot be negative");
    }
  }

  /** Settings without a bound on concurrent starts. */
  public PoolConfig(Resources capacity, FreezePolicy freeze, Duration maxQueueWait, boolean nonBlocking) {
    this(capacity, freeze, maxQueueWait, nonBlocking, 0);
  }

  /** Settings with a bound on concurrent starts, every call starting a container no start serves. */
  public PoolConfig(Resources capacity, FreezePolicy freeze, Duration maxQueueWait, boolean nonBlocking,
      int maxStarting) {
    this(capacity, freeze, maxQueueWait, nonBlocking, maxStarting, false);
  }

  /** The same settings with this bound on concurrent starts (0: none). */
  public PoolConfig withMaxStarting(int bound) {
    return new PoolConfig(capacity, freeze, maxQueueWait, nonBlocking, bound, waitForBusy);
  }

  /** The same settings, waiting for busy containers expected to free sooner than a start, or not. */
  public PoolConfig withWaitForBusy(boolean wait) {
    return new PoolConfig(capacity, freeze, maxQueueWait, nonBlocking, maxStarting, wait);
  }
}
