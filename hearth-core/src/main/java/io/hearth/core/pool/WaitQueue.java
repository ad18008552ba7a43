package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls waiting for a container: each in its slot's queue (oldest first) and in an index by
 * call id, and how many calls the pool refused. Owned by the {@link NodePool} (under the shell's
 * lock).
 */
final class WaitQueue {
  final Map<Long, WaitingCall> byCall = new HashMap<>();
  private final Duration maxWait;
  private final DeadlineBound deadlines;
  long refused;

  WaitQueue(Duration maxWait, DeadlineBound deadlines) {
    this.maxWait = maxWait;
    this.deadlines = deadlines;
  }

  boolean isEmpty() {
    return byCall.isEmpty();
  }

  int size() {
    return byCall.size();
  }

  void add(long call, SlotKey slot, SlotQueue s, Instant now) {
    WaitingCall w = new WaitingCall(call, slot, now, now.plus(maxWait));
    s.waiting.addLast(w);
    byCall.put(call, w);
  }

  /** Takes the slot's longest-waiting call out of the queue; null when none waits. */
  WaitingCall takeFirst(SlotQueue s) {
    WaitingCall w = s.waiting.pollFirst();
    if (w != null) {
      byCall.remove(w.call());
    }
    return w;
  }

  /** The call no longer waits (its client went away). */
  void cancel(long call, Map<SlotKey, SlotQueue> slots) {
    WaitingCall w = byCall.remove(call);
    if (w != null) {
      SlotQueue s = slots.get(w.slot());
      s.waiting.remove(w);
      deadlines.touch(s);
    }
  }

  /** Refuses the slot's calls that no starting container will serve (a non-blocking node that is full). */
  void refuseUnserved(SlotQueue s, List<Action> out) {
    while (s.waiting.size() > s.starting) {
      WaitingCall w = s.waiting.pollLast();
      refuse(w, out);
    }
  }

  /** Refuses the calls whose wait ran out. */
  void refuseOverdue(Iterable<SlotQueue> slots, Instant now, List<Action> out) {
    for (SlotQueue s : slots) {
      for (WaitingCall w : s.takeOverdue(now)) { // calls waiting for a start are left to the init timeout
        refuse(w, out);
      }
    }
  }

  /** Refuses every waiting call, counting none (the node shuts down). */
  void refuseAll(Map<SlotKey, SlotQueue> slots, List<Action> out) {
    for (WaitingCall w : List.copyOf(byCall.values())) {
      slots.get(w.slot()).waiting.remove(w);
      out.add(new Action.Reject(w.call(), Action.Rejection.TOO_BUSY));
    }
    byCall.clear();
  }

  private void refuse(WaitingCall w, List<Action> out) {
    byCall.remove(w.call());
    refused++;
    out.add(new Action.Reject(w.call(), Action.Rejection.TOO_BUSY));
  }

  /** The slots with calls no starting container will serve, the one whose first call waited longest first. */
  List<Map.Entry<SlotKey, SlotQueue>> pending(Map<SlotKey, SlotQueue> slots) {
    List<Map.Entry<SlotKey, SlotQueue>> pending = new ArrayList<>();
    if (byCall.isEmpty()) {
      return pending; // the common case, and then no slot needs looking at
    }
    for (Map.Entry<SlotKey, SlotQueue> e : slots.entrySet()) {
      if (e.getValue().waiting.size() > e.getValue().starting) {
        pending.add(e);
      }
    }
    pending.sort(Comparator.comparing(e -> e.getValue().waiting.peekFirst().since()));
    return pending;
  }
}
