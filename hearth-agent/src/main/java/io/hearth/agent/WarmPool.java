package io.hearth.agent;

import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's containers: every live one by engine id, and the idle ones per slot key, most recently
 * idled first (a warm container that served a moment ago is the likeliest to be hot in every cache).
 *
 * <p>Ownership: the idle queues are guarded by {@code this}; {@code live} is a concurrent map so the
 * engine's event stream can find a container without the lock.
 */
final class WarmPool {
  private final Map<SlotKey, ArrayDeque<FunctionContainer>> idle = new HashMap<>();
  private final Map<String, FunctionContainer> live = new ConcurrentHashMap<>();

  void track(FunctionContainer c) {
    live.put(c.id, c);
  }

  FunctionContainer byId(String id) {
    return live.get(id);
  }

  /** Removes a container from the pool for good; safe to call more than once. */
  synchronized void forget(FunctionContainer c) {
    if (c.id != null) {
      live.remove(c.id);
    }
    ArrayDeque<FunctionContainer> q = idle.get(c.slot);
    if (q != null && q.remove(c) && q.isEmpty()) {
      idle.remove(c.slot);
    }
  }

  /** The most recently idled container of that slot, taken out of the idle queue; null when none. */
  synchronized FunctionContainer takeIdle(SlotKey slot) {
    ArrayDeque<FunctionContainer> q = idle.get(slot);
    if (q == null) {
      return null;
    }
    FunctionContainer c = q.pollFirst();
    if (q.isEmpty()) {
      idle.remove(slot);
    }
    return c;
  }

  synchronized void putIdle(FunctionContainer c, Instant now) {
    c.idleSince = now;
    idle.computeIfAbsent(c.slot, k -> new ArrayDeque<>()).addFirst(c);
  }

  /** Takes the container out of its idle queue; false when it is not idle (busy or starting). */
  synchronized boolean takeIfIdle(FunctionContainer c) {
    ArrayDeque<FunctionContainer> q = idle.get(c.slot);
    if (q == null || !q.remove(c)) {
      return false;
    }
    if (q.isEmpty()) {
      idle.remove(c.slot);
    }
    return true;
  }

  synchronized boolean isIdle(FunctionContainer c) {
    ArrayDeque<FunctionContainer> q = idle.get(c.slot);
    return q != null && q.contains(c);
  }

  /** Takes out and returns the idle containers whose keep-alive has run out at {@code now}. */
  synchronized List<FunctionContainer> takeExpired(Instant now) {
    List<FunctionContainer> out = new ArrayList<>();
    for (Iterator<ArrayDeque<FunctionContainer>> qs = idle.values().iterator(); qs.hasNext(); ) {
      ArrayDeque<FunctionContainer> q = qs.next();
      for (Iterator<FunctionContainer> it = q.iterator(); it.hasNext(); ) {
        FunctionContainer c = it.next();
        if (!now.isBefore(c.idleSince.plusSeconds(c.slot.idleTimeoutSecs()))) {
          it.remove();
          out.add(c);
        }
      }
      if (q.isEmpty()) {
        qs.remove();
      }
    }
    return out;
  }

  /** Takes out every idle container whose slot belongs to the function. */
  synchronized List<FunctionContainer> takeIdleOf(String fnId) {
    List<FunctionContainer> out = new ArrayList<>();
    for (Iterator<Map.Entry<SlotKey, ArrayDeque<FunctionContainer>>> it = idle.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<SlotKey, ArrayDeque<FunctionContainer>> e = it.next();
      if (e.getKey().fnId().equals(fnId)) {
        out.addAll(e.getValue());
        it.remove();
      }
    }
    return out;
  }

  /** A snapshot of every live container. */
  List<FunctionContainer> all() {
    return List.copyOf(live.values());
  }

  synchronized int idleCount() {
    return idle.values().stream().mapToInt(ArrayDeque::size).sum();
  }
}
