package io.hearth.core.pool;

import java.util.ArrayDeque;

/**
 * A slot's waiting calls (oldest first) and idle containers (most recently idled first). Owned by
 * the {@link NodePool}. A slot never has both waiting calls and idle containers.
 */
final class SlotQueue {
  final ArrayDeque<WaitingCall> waiting = new ArrayDeque<>();
  final ArrayDeque<PooledContainer> idle = new ArrayDeque<>();
  int starting;
  /** Containers of this slot in any state. */
  int live;
}
