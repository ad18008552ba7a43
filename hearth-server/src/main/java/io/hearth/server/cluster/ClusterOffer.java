package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.ledger.Resources;
import java.util.Objects;
import java.util.Optional;

/**
 * One runner's offer as it answered it: the parsed amounts placement needs, and the item as the
 * runner wrote it (merged into {@code GET /v2/offers} unchanged).
 *
 * @param capacity the runner's capacity, when the offer says it
 */
record ClusterOffer(String id, String nodeId, Resources available, Optional<Resources> capacity, JsonNode item) {
  ClusterOffer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(available, "available");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(item, "item");
  }
}
