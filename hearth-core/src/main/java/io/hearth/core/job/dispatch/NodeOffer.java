package io.hearth.core.job.dispatch;

import io.hearth.core.ledger.Resources;
import java.util.Objects;

/**
 * What one node offers jobs now. Immutable.
 *
 * @param nodeId       the node
 * @param instanceType the class it declared ({@code HEARTH_INSTANCE_TYPE}; {@link NodeClasses#ALL_IN_ONE})
 * @param capacity     all it holds (tells a job that could run here once it drains from one that never could)
 * @param free         what is free for a new lease now (its offer)
 */
public record NodeOffer(String nodeId, String instanceType, Resources capacity, Resources free) {
  public NodeOffer {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(free, "free");
  }
}
