package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the eviction question to the {@link EvictionPolicy} — which idle containers of other slots
 * to retire so that a new container fits — and checks its answer. Used by the {@link
 * NodePool} under the shell's lock.
 */
final class Victims {
  private Victims() {}

  /**
   * The containers to evict, or none when no choice makes room.
   *
   * @param candidates idle containers of other slots, in launch order
   * @param needed     what is short: the ledger's {@link io.hearth.core.ledger.Reservation.Short#missing}
   */
  static List<PooledContainer> choose(EvictionPolicy policy, List<PooledContainer> candidates, Resources needed,
      Instant now) {
    Map<Long, PooledContainer> offered = new HashMap<>();
    List<EvictionPolicy.IdleContainer> idle = new ArrayList<>();
    for (PooledContainer c : candidates) {
      offered.put(c.id, c);
      idle.add(new EvictionPolicy.IdleContainer(c.id, c.grant.resources(), c.lastUsed, c.calls, c.slot, c.startup,
          c.rank));
    }
    List<PooledContainer> victims = new ArrayList<>();
    for (EvictionPolicy.IdleContainer victim : policy.choose(idle, needed, now)) {
      PooledContainer c = offered.remove(victim.id());
      if (c == null) {
        throw new IllegalStateException("eviction policy chose a container that is not an idle candidate (or chose it twice): "
            + victim);
      }
      victims.add(c);
    }
    return victims;
  }
}
