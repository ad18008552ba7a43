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
 */
public record PoolConfig(Resources capacity, FreezePolicy freeze, Duration maxQueueWait, boolean nonBlocking) {
  public PoolConfig {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(freeze, "freeze");
    if (maxQueueWait.isNegative()) {
      throw new IllegalArgumentException("max queue wait cannot be negative");
    }
  }
}
