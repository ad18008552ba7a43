package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.util.Objects;

/**
 * The node pool's settings.
 *
 * @param capacity     what the node may grant to containers
 * @param freezeGrace  how long a container stays idle before it is frozen; negative: never freeze
 * @param maxQueueWait longest a call may wait for a container before it is refused (503)
 * @param nonBlocking  refuse at once when the node is full and nothing can be evicted, instead of
 *                     waiting for room (what a runner behind a load balancer wants)
 */
public record PoolConfig(Resources capacity, Duration freezeGrace, Duration maxQueueWait, boolean nonBlocking) {
  public PoolConfig {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(freezeGrace, "freezeGrace");
    if (maxQueueWait.isNegative()) {
      throw new IllegalArgumentException("max queue wait cannot be negative");
    }
  }

  public boolean freezes() {
    return !freezeGrace.isNegative();
  }
}
