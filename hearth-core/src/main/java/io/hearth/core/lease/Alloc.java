package io.hearth.core.lease;

import io.hearth.core.ledger.Resources;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A leased allocation on this node, as its {@link LeaseBook} reports it at one instant: an immutable
 * snapshot.
 *
 * @param id              unique within the node's book (the API prefixes the node id)
 * @param owner           who asked for it, as they named themselves
 * @param labels          the owner's labels, for listing
 * @param resources       what its grant holds on the node's ledger
 * @param state           at the instant of the snapshot; see {@link State}
 * @param createdAt       when it was granted
 * @param lastKeepaliveAt its creation or its last keepalive
 * @param expiresAt       when its lease ends unless renewed; it stays its owner's until reclaimed
 * @param endedAt         when it was reclaimed or freed; empty while it is active or expired
 */
public record Alloc(
    String id, String owner, Map<String, String> labels, Resources resources, State state,
    Instant createdAt, Instant lastKeepaliveAt, Instant expiresAt, Optional<Instant> endedAt) {

  /** Where an allocation is in its life. */
  public enum State {
    /** Its lease has not run out. */
    ACTIVE,
    /**
     * Its lease ran out ({@code now >= expiresAt}) but nothing needed the room yet: it keeps its
     * grant (and its execs run on), a late keepalive makes it active again, and it is reclaimable.
     */
    EXPIRED,
    /** Taken back, expired, to make room for something else: its grant is released; it can no longer be renewed. */
    RECLAIMED,
    /** Its owner freed it: its grant is released. */
    FREED;

    /** Reclaimed or freed: its grant is released and it can never hold resources again. */
    public boolean ended() {
      return this == RECLAIMED || this == FREED;
    }
  }

  public Alloc {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastKeepaliveAt, "lastKeepaliveAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(endedAt, "endedAt");
    if (state.ended() != endedAt.isPresent()) {
      throw new IllegalArgumentException("an alloc has an end time exactly when reclaimed or freed: " + state + ", " + endedAt);
    }
  }

  /** Whether its lease has run out at {@code now} (whatever its state). */
  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** This alloc as it stands at {@code now}: active or expired by its lease; reclaimed and freed stay so. */
  Alloc at(Instant now) {
    if (state.ended()) {
      return this;
    }
    State s = expired(now) ? State.EXPIRED : State.ACTIVE;
    return s == state ? this : withState(s);
  }

  Alloc renewed(Instant now, Instant expiresAt) {
    return new Alloc(id, owner, labels, resources, State.ACTIVE, createdAt, now, expiresAt, Optional.empty());
  }

  Alloc ended(State end, Instant now) {
    if (!end.ended()) {
      throw new IllegalArgumentException("not an end: " + end);
    }
    return new Alloc(id, owner, labels, resources, end, createdAt, lastKeepaliveAt, expiresAt, Optional.of(now));
  }

  private Alloc withState(State s) {
    return new Alloc(id, owner, labels, resources, s, createdAt, lastKeepaliveAt, expiresAt, endedAt);
  }
}
