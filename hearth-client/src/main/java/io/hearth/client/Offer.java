package io.hearth.client;

import io.hearth.core.ledger.Resources;
import java.util.Objects;

/**
 * One node's offer: everything it has free now ({@code GET /v2/offers}). At most one per node.
 *
 * @param id        the offer's id, to pass as {@link AllocRequest#offerId()}
 * @param nodeId    the node that makes it
 * @param available what it has free: capacity minus function containers' grants minus unexpired leases
 * @param capacity  the node's whole capacity ({@link Resources#ZERO} when the server did not say)
 * @param instanceType the node class the node declared ({@code HEARTH_INSTANCE_TYPE} on a runner),
 *                     empty when it declared none
 */
public record Offer(String id, String nodeId, Resources available, Resources capacity,
    java.util.Optional<String> instanceType) {
  public Offer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(available, "available");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(instanceType, "instanceType");
  }

  /** An offer of a node that declared no class. */
  public Offer(String id, String nodeId, Resources available, Resources capacity) {
    this(id, nodeId, available, capacity, java.util.Optional.empty());
  }
}
