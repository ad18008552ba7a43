package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Evicts the least recently used idle containers first, as few as free enough room. */
public final class LruEviction implements EvictionPolicy {

  @Override
  public List<IdleContainer> choose(List<IdleContainer> candidates, Resources needed) {
    List<IdleContainer> byAge = new ArrayList<>(candidates);
    byAge.sort(Comparator.comparing(IdleContainer::lastUsed).thenComparingLong(IdleContainer::id));
    List<IdleContainer> chosen = new ArrayList<>();
    Resources freed = Resources.ZERO;
    for (IdleContainer c : byAge) {
      if (freed.memoryBytes() >= needed.memoryBytes() && freed.cpuMillis() >= needed.cpuMillis()) {
        break;
      }
      chosen.add(c);
      freed = freed.plus(c.grant());
    }
    boolean enough = freed.memoryBytes() >= needed.memoryBytes() && freed.cpuMillis() >= needed.cpuMillis();
    return enough ? chosen : List.of();
  }
}
