package io.hearth.core.pool;

import java.util.List;

/**
 * Chooses which idle containers of other functions to retire to make room for a new one. Returns
 * only a choice that frees at least {@code needed} (memory and, where accounted, CPU); an empty
 * list when no choice does, because evicting without making room only causes cold starts.
 */
@FunctionalInterface
public interface EvictionPolicy {
  List<IdleContainer> choose(List<IdleContainer> candidates, Resources needed);

  /** An idle container offered for eviction. */
  record IdleContainer(long id, Resources grant, java.time.Instant lastUsed, int calls) {}
}
