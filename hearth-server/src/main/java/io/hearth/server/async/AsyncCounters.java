package io.hearth.server.async;

import io.hearth.store.queue.Depth;
import io.hearth.store.queue.QueuedCall;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The node's async counters: lock-free adders, any thread. */
final class AsyncCounters {
  final LongAdder accepted = new LongAdder();
  final LongAdder refusedFull = new LongAdder();
  final LongAdder claims = new LongAdder();
  final LongAdder retries = new LongAdder();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

  AsyncCounters() {
    for (String s : QueuedCall.FINAL) {
      outcomes.put(s, new LongAdder());
    }
  }

  void outcome(String state) {
    outcomes.computeIfAbsent(state, k -> new LongAdder()).increment();
  }

  AsyncStats snapshot(List<Depth> depths) {
    Map<String, Long> out = new TreeMap<>();
    outcomes.forEach((k, v) -> out.put(k, v.sum()));
    return new AsyncStats(accepted.sum(), refusedFull.sum(), claims.sum(), retries.sum(), out, depths);
  }
}
