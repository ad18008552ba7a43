package io.hearth.client;

import io.hearth.core.ledger.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A leased allocation as the server reported it: a reservation on one node, held while its owner
 * keeps it alive, in which execs run.
 *
 * @param id              names its node ({@code <node id>.<id>}), so any api node routes it
 * @param nodeId          the node it is on
 * @param resources       what it holds
 * @param owner           who asked for it
 * @param labels          its owner's labels
 * @param state           at the time of the answer
 * @param createdAt       when it was granted
 * @param lastKeepaliveAt its creation or its last keepalive
 * @param expiresAt       when its lease ends unless renewed
 * @param endedAt         when it was reclaimed or freed
 * @param execs           the execs run in it, as the server listed them (perhaps only some fields)
 */
public record Alloc(String id, String nodeId, Resources resources, String owner, Map<String, String> labels,
    State state, Instant createdAt, Instant lastKeepaliveAt, Instant expiresAt, Optional<Instant> endedAt,
    List<Exec> execs) {

  /** Where an alloc is in its life. */
  public enum State {
    /** Its lease has not run out. */
    ACTIVE,
    /** Its lease ran out; its execs run on and a keepalive revives it until it is reclaimed. */
    EXPIRED,
    /** Taken back, expired, to make room: it can no longer be kept alive (410). */
    RECLAIMED,
    /** Its owner freed it. */
    FREED;

    /** The API's word: {@code active}, {@code expired}, ... */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Reclaimed or freed: it holds nothing and never will again. */
    public boolean ended() {
      return this == RECLAIMED || this == FREED;
    }

    /** The state an API word names. */
    public static State of(String wire) {
      for (State s : values()) {
        if (s.wire().equals(wire)) {
          return s;
        }
      }
      throw new IllegalArgumentException("not an alloc state: '" + wire + "' (active, expired, reclaimed or freed)");
    }
  }

  public Alloc {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(owner, "owner");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastKeepaliveAt, "lastKeepaliveAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(endedAt, "endedAt");
    execs = List.copyOf(execs);
  }
}
