package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Eviction by what the {@link AdaptiveKeepAlive} has learned: the idle containers that would hold
 * the most memory-time before their next call go first — memory × expected wait, the wait read from
 * the gaps of the container's slot and rank, given how long it has idled (Belady's rule, evict what
 * is needed furthest ahead, weighed by size). A busy function's first containers, needed again in
 * seconds, stay; a large container of a function called every few hours goes, even if it was used
 * more recently.
 *
 * <p>Not thread-safe: owned by the pool with its keep-alive policy, under the shell's lock.
 */
public final class AdaptiveEviction implements EvictionPolicy {
  private final AdaptiveKeepAlive learned;

  public AdaptiveEviction(AdaptiveKeepAlive learned) {
    this.learned = Objects.requireNonNull(learned, "learned");
  }

  /** Without the time, the latest use among the candidates stands for it. */
  @Override
  public List<IdleContainer> choose(List<IdleContainer> candidates, Resources needed) {
    Instant now = candidates.stream().map(IdleContainer::lastUsed).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    return choose(candidates, needed, now);
  }

  @Override
  public List<IdleContainer> choose(List<IdleContainer> candidates, Resources needed, Instant now) {
    Map<Long, Double> held = new HashMap<>();
    for (IdleContainer c : candidates) {
      held.put(c.id(), heldMbMs(c, now));
    }
    List<IdleContainer> byHeld = new ArrayList<>(candidates);
    byHeld.sort(Comparator.<IdleContainer>comparingDouble(c -> -held.get(c.id()))
        .thenComparing(IdleContainer::lastUsed).thenComparingLong(IdleContainer::id));
    List<IdleContainer> chosen = new ArrayList<>();
    Resources freed = Resources.ZERO;
    for (IdleContainer c : byHeld) {
      if (covers(freed, needed)) {
        break;
      }
      chosen.add(c);
      freed = freed.plus(c.grant());
    }
    return covers(freed, needed) ? chosen : List.of();
  }

  /** The memory-time (MB·ms) container {@code c} is expected to hold idle before its next call. */
  double heldMbMs(IdleContainer c, Instant now) {
    long idleFor = Math.max(0, Duration.between(c.lastUsed(), now).toMillis());
    double mb = c.grant().memoryBytes() / (1024.0 * 1024.0);
    return mb * learned.expectedWaitMs(c.slot(), c.rank(), idleFor);
  }

  private static boolean covers(Resources freed, Resources needed) {
    return freed.memoryBytes() >= needed.memoryBytes() && freed.cpuMillis() >= needed.cpuMillis();
  }
}
