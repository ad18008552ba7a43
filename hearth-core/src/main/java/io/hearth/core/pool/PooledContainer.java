package io.hearth.core.pool;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Holder;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;

/**
 * One container as the pool tracks it, and the holder of its ledger {@link Grant}. Owned by the
 * {@link NodePool} (under the shell's lock).
 */
final class PooledContainer implements Holder {
  enum State { STARTING, IDLE, BUSY }

  final long id;
  final SlotKey slot;
  final Instant launched;
  /** What the ledger granted it; set once, when the launch is decided, and closed when it retires. */
  Grant grant;
  State state = State.STARTING;
  Instant idleSince;
  Instant lastUsed;
  /** When its current call began (set at each assignment); null before the first. */
  Instant busySince;
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

  PooledContainer(long id, SlotKey slot, Instant now) {
    this.id = id;
    this.slot = slot;
    this.launched = now;
    this.lastUsed = now;
  }

  @Override
  public Kind kind() {
    return Kind.FUNCTION_CONTAINER;
  }

  @Override
  public String id() {
    return Long.toString(id);
  }
}
