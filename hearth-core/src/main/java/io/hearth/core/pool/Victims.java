package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the eviction question to the {@link EvictionPolicy} — which idle containers of other slots
 * to retire so that a container of {@code key} fits — and checks its answer. Used by the {@link
 * NodePool} under the shell's lock.
 */
final class Victims {
  private Victims() {}

  /** The containers to evict, or none when no choice makes room. */
  static List<PooledContainer> choose(EvictionPolicy policy, Collection<PooledContainer> containers, SlotKey key,
      Resources capacity, Resources used, Resources request, Instant now) {
    Resources needed = new Resources(Math.max(0, used.memoryBytes() + request.memoryBytes() - capacity.memoryBytes()),
        capacity.cpuMillis() == 0 ? 0 : Math.max(0, used.cpuMillis() + request.cpuMillis() - capacity.cpuMillis()));
    Map<Long, PooledContainer> offered = new HashMap<>();
    List<EvictionPolicy.IdleContainer> candidates = new ArrayList<>();
    for (PooledContainer c : containers) {
      if (c.state == PooledContainer.State.IDLE && !c.slot.equals(key)) {
        offered.put(c.id, c);
        candidates.add(new EvictionPolicy.IdleContainer(c.id, c.grant, c.lastUsed, c.calls, c.slot, c.startup,
            c.rank));
      }
    }
    List<PooledContainer> victims = new ArrayList<>();
    for (EvictionPolicy.IdleContainer victim : policy.choose(candidates, needed, now)) {
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
