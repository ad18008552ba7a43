package io.hearth.store.leases;

import java.util.Locale;

/**
 * Where an alloc is in its life, as stored. Active and expired allocs are live (their execs may
 * run; a keepalive makes an expired one active again); reclaimed and freed are final.
 */
public enum AllocState {
  /** Its lease has not run out. */
  ACTIVE,
  /** Its lease ran out; its execs keep running until it is reclaimed, and a keepalive revives it. */
  EXPIRED,
  /** Taken back to make room, after its lease ran out; its execs were killed. Final. */
  RECLAIMED,
  /** Given back by its holder; its execs were killed. Final. */
  FREED;

  /** Whether the alloc is over: reclaimed or freed. */
  public boolean ended() {
    return this == RECLAIMED || this == FREED;
  }

  /** The word kept in the {@code state} column and shown by the API, e.g. {@code active}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The state a word names.
   *
   * @throws IllegalArgumentException naming the words there are, when it names none
   */
  public static AllocState ofWire(String word) {
    for (AllocState s : values()) {
      if (s.wire().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Unknown alloc state '" + word + "': use active, expired, reclaimed or freed");
  }
}
