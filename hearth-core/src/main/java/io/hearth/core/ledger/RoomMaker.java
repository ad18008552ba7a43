package io.hearth.core.ledger;

import java.time.Instant;

/**
 * Gives back room on the node's {@link Ledger} when a reservation came up short: the pool's idle
 * function containers for a new alloc, expired allocs for a function container. It releases grants
 * at once (what they held is free when it returns) and leaves the slow part — stopping containers —
 * to other threads. It calls no client code and takes only its own short lock, so a caller may hold
 * its own lock around it (lock order: pool, then lease book, then ledger).
 */
@FunctionalInterface
public interface RoomMaker {

  /** Makes no room. */
  RoomMaker NONE = (missing, now) -> false;

  /**
   * Releases grants covering as much of {@code missing} as it can (none when it cannot cover all of
   * it, so nothing is lost for nothing).
   *
   * @return whether it released any
   */
  boolean makeRoom(Resources missing, Instant now);
}
