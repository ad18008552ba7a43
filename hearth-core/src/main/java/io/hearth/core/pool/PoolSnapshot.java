package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the pool holds at one moment, for status pages and metrics.
 *
 * @param byState    containers per state: starting, idle, frozen, busy
 * @param byFunction containers (any state) per function id
 */
public record PoolSnapshot(
    Resources capacity,
    Resources used,
    Map<String, Integer> byState,
    Map<String, Integer> byFunction,
    int waiting,
    long coldStarts,
    long warmStarts,
    long refused,
    long evictions) {

  public PoolSnapshot {
    byState = Map.copyOf(byState);
    byFunction = Map.copyOf(byFunction);
  }

  static PoolSnapshot of(Resources capacity, Resources used, Collection<PooledContainer> containers, int waiting,
      long coldStarts, long warmStarts, long refused, long evictions) {
    Map<String, Integer> byState = new TreeMap<>(Map.of("starting", 0, "idle", 0, "frozen", 0, "busy", 0));
    Map<String, Integer> byFunction = new TreeMap<>();
    for (PooledContainer c : containers) {
      byState.merge(stateOf(c), 1, Integer::sum);
      byFunction.merge(c.slot.fnId(), 1, Integer::sum);
    }
    return new PoolSnapshot(capacity, used, byState, byFunction, waiting, coldStarts, warmStarts, refused, evictions);
  }

  /** The word status pages use for a container's state. */
  static String stateOf(PooledContainer c) {
    return switch (c.state) {
      case STARTING -> "starting";
      case BUSY -> "busy";
      case IDLE -> c.frozen ? "frozen" : "idle";
    };
  }
}
