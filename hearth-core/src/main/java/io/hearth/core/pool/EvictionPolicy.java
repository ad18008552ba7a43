package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Chooses which idle containers of other functions to retire to make room for a new one. Returns
 * only a choice that frees at least {@code needed} (memory and, where accounted, CPU); an empty
 * list when no choice does, because evicting without making room only causes cold starts.
 *
 * <p>Policies that keep their own state per container or function (Greedy-Dual's clock and
 * frequencies) follow containers through {@link #onAssign} and {@link #onRelease}; the pool calls
 * them under the shell's lock, like {@link #choose}.
 */
@FunctionalInterface
public interface EvictionPolicy {
  List<IdleContainer> choose(List<IdleContainer> candidates, Resources needed);

  /** As {@link #choose(List, Resources)}, for policies that judge containers by how long they have idled. */
  default List<IdleContainer> choose(List<IdleContainer> candidates, Resources needed, Instant now) {
    return choose(candidates, needed);
  }

  /** Container {@code id} of {@code slot} was handed a call at {@code now}. */
  default void onAssign(long id, SlotKey slot, Instant now) {}

  /**
   * Container {@code id} of {@code slot} left the pool for any reason (its grant was released);
   * {@code slotLive} containers of the slot remain, in any state.
   */
  default void onRelease(long id, SlotKey slot, int slotLive) {}

  /**
   * An idle container offered for eviction.
   *
   * @param lastUsed when its last call ended (or when it was launched, if it served none)
   * @param calls    calls it served
   * @param slot     what it runs
   * @param startup  how long it took from launch to listening: the cold start its eviction may cost
   * @param rank     which of its slot's calls it would serve ({@link KeepAlivePolicy#keepAlive(SlotKey, Instant, int)})
   */
  record IdleContainer(long id, Resources grant, Instant lastUsed, int calls, SlotKey slot, Duration startup,
      int rank) {}
}
