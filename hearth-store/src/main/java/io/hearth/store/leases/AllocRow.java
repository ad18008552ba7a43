package io.hearth.store.leases;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A leased allocation as kept in the datastore, without its execs.
 *
 * @param id              names its node, e.g. {@code <node id>.<ulid>}, so any node can route it
 * @param nodeId          the node holding its resources
 * @param owner           who asked for it
 * @param labels          the holder's labels, kept as given
 * @param resources       what it holds: {@code memory_bytes}, {@code cpu_mcpus}, {@code disk_bytes},
 *                        {@code gpus} and any named resource, each a whole number &gt;= 0 (a missing key
 *                        is 0; the store keeps only what it is given)
 * @param state           where it is in its life
 * @param createdAt       when it was granted
 * @param lastKeepaliveAt its last keepalive; its creation until the first one
 * @param expiresAt       when its lease runs out (it has run out at this instant)
 * @param endedAt         when it was reclaimed or freed; null while it is live
 * @throws IllegalArgumentException if {@code endedAt} is set for a live state or missing for an
 *     ended one, or an amount is negative
 */
public record AllocRow(
    String id,
    String nodeId,
    String owner,
    Map<String, String> labels,
    Map<String, Long> resources,
    AllocState state,
    Instant createdAt,
    Instant lastKeepaliveAt,
    Instant expiresAt,
    Instant endedAt) {

  public AllocRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(owner, "owner");
    labels = Copies.strings(labels, "labels");
    resources = Copies.amounts(resources, "resources");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastKeepaliveAt, "lastKeepaliveAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (state.ended() != (endedAt != null)) {
      throw new IllegalArgumentException("alloc " + id + " is " + state.wire() + ": ended_at must be "
          + (state.ended() ? "set" : "null") + ", is " + endedAt);
    }
  }

  /** A new active alloc, its first lease running from its creation to {@code expiresAt}. */
  public static AllocRow active(String id, String nodeId, String owner, Map<String, String> labels,
      Map<String, Long> resources, Instant createdAt, Instant expiresAt) {
    return new AllocRow(id, nodeId, owner, labels, resources, AllocState.ACTIVE, createdAt, createdAt, expiresAt, null);
  }

  /** Whether it is reclaimed or freed. */
  public boolean ended() {
    return state.ended();
  }
}
