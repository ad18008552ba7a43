package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Instant;

/** One container as the pool tracks it. Owned by the {@link NodePool} (under the shell's lock). */
final class PooledContainer {
  enum State { STARTING, IDLE, BUSY }

  final long id;
  final SlotKey slot;
  final Resources grant;
  State state = State.STARTING;
  Instant idleSince;
  Instant lastUsed;
  int calls;
  boolean frozen;
  /** Retire once its current call or start ends: its function changed. */
  boolean drain;
  /** The engine reported it stopped. */
  boolean exited;

  PooledContainer(long id, SlotKey slot, Resources grant, Instant now) {
    this.id = id;
    this.slot = slot;
    this.grant = grant;
    this.lastUsed = now;
  }
}
