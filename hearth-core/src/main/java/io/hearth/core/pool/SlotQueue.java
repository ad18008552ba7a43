package io.hearth.core.pool;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A slot's waiting calls (oldest first) and idle containers (most recently idled first). Owned by
 * the {@link NodePool}. A slot never has both waiting calls and idle containers.
 */
final class SlotQueue {
  final ArrayDeque<WaitingCall> waiting = new ArrayDeque<>();
  final ArrayDeque<PooledContainer> idle = new ArrayDeque<>();
  int starting;
  /** Containers of this slot serving a call. */
  int busy;
  /** Containers of this slot in any state. */
  int live;
  /** In the pool's list of slots whose deadlines may have moved since it was last asked. */
  boolean touched;

  /**
   * Gives each idle container its rank: the running calls plus its place in the idle queue, so the
   * container the next call takes has rank {@code busy + 1}. Called after either changes.
   */
  void rerank() {
    int rank = busy;
    for (PooledContainer c : idle) {
      c.rank = ++rank;
    }
  }

  /**
   * Removes and returns the calls whose wait ran out. The oldest calls, one per starting container,
   * wait for a start: the init timeout governs them, so they are skipped. The others wait for room,
   * and the queue wait limit applies.
   */
  List<WaitingCall> takeOverdue(Instant now) {
    List<WaitingCall> overdue = new ArrayList<>();
    int covered = 0;
    for (Iterator<WaitingCall> it = waiting.iterator(); it.hasNext(); ) {
      WaitingCall w = it.next();
      if (covered++ >= starting && !now.isBefore(w.deadline())) {
        it.remove();
        overdue.add(w);
      }
    }
    return overdue;
  }

  /** When {@link #takeOverdue} next has a call to return; null for never. */
  Instant nextOverdue() {
    // Deadlines grow along the queue: the first call no starting container covers is the earliest.
    return waiting.size() > starting ? waiting.stream().skip(starting).findFirst().orElseThrow().deadline() : null;
  }
}
