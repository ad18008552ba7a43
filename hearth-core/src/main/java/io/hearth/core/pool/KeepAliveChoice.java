package io.hearth.core.pool;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A node's keep-alive and eviction policies, chosen by name in its configuration. Each call of
 * {@link #of} makes new policy objects: the learning ones keep state and belong to one pool.
 *
 * <ul>
 *   <li>{@code per-function}: each function's own idle_timeout, LRU eviction (Fn's rule);
 *   <li>{@code fixed}: 10 minutes for every function, LRU eviction (Fn's and OpenWhisk's default);
 *   <li>{@code histogram}: {@link HybridHistogramPolicy} with the paper's settings, LRU eviction;
 *   <li>{@code greedy-dual}: {@link GreedyDualPolicy} eviction, containers kept up to {@link
 *       #GREEDY_DUAL_MAX_IDLE} while memory allows;
 *   <li>{@code adaptive}: {@link AdaptiveKeepAlive} (windows per slot and rank, priced in memory-time)
 *       with {@link AdaptiveEviction} (the container expected to hold the most memory-time idle goes
 *       first). Hearth's default.
 * </ul>
 */
public record KeepAliveChoice(String name, EvictionPolicy eviction, KeepAlivePolicy keepAlive) {
  /** The names {@link #of} accepts. */
  public static final List<String> NAMES = List.of("per-function", "fixed", "histogram", "greedy-dual", "adaptive");

  /**
   * How long Greedy-Dual keeps a container nobody calls when memory never runs short: a week, so
   * "as long as memory allows" still ends for a function nobody uses any more, and deadlines stay
   * far from overflowing any clock arithmetic.
   */
  public static final Duration GREEDY_DUAL_MAX_IDLE = Duration.ofDays(7);

  public KeepAliveChoice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(eviction, "eviction");
    Objects.requireNonNull(keepAlive, "keepAlive");
  }

  /** The policies named {@code name} (case-insensitive), newly made. */
  public static KeepAliveChoice of(String name) {
    String n = Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "per-function" -> new KeepAliveChoice(n, new LruEviction(), KeepAlivePolicy.fixedPerFunction());
      case "fixed" -> new KeepAliveChoice(n, new LruEviction(), FixedKeepAlive.tenMinutes());
      case "histogram" -> new KeepAliveChoice(n, new LruEviction(), new HybridHistogramPolicy());
      case "adaptive" -> {
        AdaptiveKeepAlive learned = new AdaptiveKeepAlive();
        yield new KeepAliveChoice(n, new AdaptiveEviction(learned), learned);
      }
      case "greedy-dual" -> new KeepAliveChoice(n, new GreedyDualPolicy(), new FixedKeepAlive(GREEDY_DUAL_MAX_IDLE));
      default -> throw new IllegalArgumentException(
          "unknown keep-alive policy '" + name + "': use one of " + String.join(", ", NAMES));
    };
  }
}
