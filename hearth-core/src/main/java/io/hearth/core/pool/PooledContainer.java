package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;

/** One container as the pool tracks it. Owned by the {@link NodePool} (under the shell's lock). */
final class PooledContainer {
  enum State { STARTING, IDLE, BUSY }

  final long id;
  final SlotKey slot;
  final Resources grant;
  final Instant launched;
  State state = State.STARTING;
  Instant idleSince;
  Instant lastUsed;
  int calls;
  boolean frozen;
  /** Retire once its current call or start ends: its function changed. */
  boolean drain;
  /** The engine reported it stopped. */
  boolean exited;
  /** Started ahead of calls and has served none yet. */
  boolean prewarmed;
  /** While idle: which of the slot's calls it would serve, counting running ones ({@link SlotQueue#rerank}). */
  int rank;
  /** Launch to listening; zero until it is ready. */
  Duration startup = Duration.ZERO;

  PooledContainer(long id, SlotKey slot, Resources grant, Instant now) {
    this.id = id;
    this.slot = slot;
    this.grant = grant;
    this.launched = now;
    this.lastUsed = now;
  }
}
