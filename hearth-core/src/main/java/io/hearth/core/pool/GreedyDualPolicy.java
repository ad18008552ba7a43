package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keep-alive as caching, after Fuerst and Sharma's Greedy-Dual keep-alive ("FaasCache", ASPLOS 2021):
 * idle containers stay warm as long as memory allows (pair this with a long {@link FixedKeepAlive}),
 * and when room is needed the containers of lowest priority go first, where
 *
 * <pre>priority = clock at the container's last call + frequency × cold-start cost / size</pre>
 *
 * <ul>
 *   <li><em>frequency</em>: calls the function's containers served since it last had none (it
 *       starts again from zero when its last container is gone);
 *   <li><em>cold-start cost</em>: the container's measured start (launch to listening), or {@code
 *       unmeasuredCost} when it was too quick to measure;
 *   <li><em>size</em>: its memory in MB;
 *   <li><em>clock</em>: raised to the highest priority evicted so far, so containers untouched since
 *       then age relative to those used after — a container that never served a call counts from 0.
 * </ul>
 * Frequency is the function's current count when a choice is made (all its containers share it);
 * the clock part is fixed at each container's last call.
 *
 * <p>Not thread-safe: owned by the pool, under the shell's lock.
 */
public final class GreedyDualPolicy implements EvictionPolicy {
  private static final double MB = 1024 * 1024;

  private final Duration unmeasuredCost;
  private final Map<Long, Double> clockAtLastCall = new HashMap<>();
  private final Map<String, Long> frequency = new HashMap<>();
  private double clock;

  /** @param unmeasuredCost cold-start cost for containers whose start took no measurable time */
  public GreedyDualPolicy(Duration unmeasuredCost) {
    this.unmeasuredCost = Objects.requireNonNull(unmeasuredCost, "unmeasuredCost");
    if (unmeasuredCost.isNegative() || unmeasuredCost.isZero()) {
      throw new IllegalArgumentException("the cost of an unmeasured start must be positive");
    }
  }

  /** Counts one second for a start too quick to measure (a typical container start is 0.5–2 s). */
  public GreedyDualPolicy() {
    this(Duration.ofSeconds(1));
  }

  @Override
  public List<IdleContainer> choose(List<IdleContainer> candidates, Resources needed) {
    List<IdleContainer> byPriority = new ArrayList<>(candidates);
    Map<Long, Double> priorities = new HashMap<>();
    for (IdleContainer c : candidates) {
      priorities.put(c.id(), priority(c));
    }
    byPriority.sort(Comparator.<IdleContainer>comparingDouble(c -> priorities.get(c.id()))
        .thenComparing(IdleContainer::lastUsed).thenComparingLong(IdleContainer::id));
    List<IdleContainer> chosen = new ArrayList<>();
    Resources freed = Resources.ZERO;
    double highest = clock;
    for (IdleContainer c : byPriority) {
      if (covers(freed, needed)) {
        break;
      }
      chosen.add(c);
      freed = freed.plus(c.grant());
      highest = Math.max(highest, priorities.get(c.id()));
    }
    if (!covers(freed, needed)) {
      return List.of();
    }
    clock = highest;
    return chosen;
  }

  @Override
  public void onAssign(long id, SlotKey slot, Instant now) {
    clockAtLastCall.put(id, clock);
    frequency.merge(slot.fnId(), 1L, Long::sum);
  }

  @Override
  public void onRelease(long id, SlotKey slot, int slotLive) {
    clockAtLastCall.remove(id);
    if (slotLive == 0) {
      frequency.remove(slot.fnId());
    }
  }

  /** The container's priority now: the lowest is evicted first. */
  public double priority(IdleContainer c) {
    double cost = (c.startup().isZero() || c.startup().isNegative() ? unmeasuredCost : c.startup()).toNanos() / 1e9;
    double sizeMb = Math.max(1, c.grant().memoryBytes() / MB);
    return clockAtLastCall.getOrDefault(c.id(), 0.0) + frequency.getOrDefault(c.slot().fnId(), 0L) * cost / sizeMb;
  }

  /** The clock: the highest priority evicted so far. */
  public double clock() {
    return clock;
  }

  private static boolean covers(Resources freed, Resources needed) {
    return freed.memoryBytes() >= needed.memoryBytes() && freed.cpuMillis() >= needed.cpuMillis();
  }
}
