package io.hearth.core.placement;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Proposes where a call runs. Pure apart from a placer's own rotation or randomness: the answer
 * depends on the key and the view only, so it can be called from benchmarks and tests as is.
 * Implementations are thread-safe.
 */
public interface Placer {

  /**
   * The runners to try for a call, in order.
   *
   * @param key     the call's {@link PlacementKey}
   * @param runners the view, in its stable order (holes included, as unavailable runners)
   */
  Walk walk(long key, List<RunnerView> runners);

  /** Jump consistent hashing over the stable order, walking on to the next runner. */
  static Placer consistentHash() {
    return new ConsistentHashPlacer();
  }

  /** Round robin from a random start. */
  static Placer naive(RandomGenerator random) {
    return new NaivePlacer(random.nextLong());
  }

  /** Power of two choices over the runners' last known load. */
  static Placer leastLoaded(RandomGenerator random) {
    return new LeastLoadedPlacer(random);
  }

  /**
   * The placer a setting names: {@code ch} or {@code consistent-hash}, {@code naive}, {@code ll} or
   * {@code least-loaded}.
   *
   * @throws IllegalArgumentException for any other name, listing the valid ones
   */
  static Placer named(String name, RandomGenerator random) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "ch", "consistent-hash", "consistent_hash" -> consistentHash();
      case "naive", "round-robin" -> naive(random);
      case "ll", "least-loaded", "least_loaded" -> leastLoaded(random);
      default -> throw new IllegalArgumentException("unknown placer '" + name
          + "': use ch (consistent hash), naive (round robin) or least-loaded (power of two choices)");
    };
  }
}
