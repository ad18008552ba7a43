package io.hearth.core.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per slot, exponentially weighted moving averages of how long a container takes to start and how
 * long a call holds one, and the decision they feed (issue 14, item 4): a waiting call should
 * start a container only when no busy container of its slot is expected to free sooner than a new
 * one could start. Pure logic: the caller passes every time. {@link NodePool} keeps one, fed at
 * every ready and finished call, and consults it when {@link PoolConfig#waitForBusy} is on.
 * Single-threaded like the pool.
 *
 * @param <K> the slot key
 */
public final class LaunchEstimates<K> {
  private final double weight;
  private final Map<K, Double> startNanos = new HashMap<>();
  private final Map<K, Double> callNanos = new HashMap<>();

  /** {@code weight} in (0, 1]: how much the newest measure counts (1: only the last one). */
  public LaunchEstimates(double weight) {
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be in (0, 1]: " + weight);
    }
    this.weight = weight;
  }

  /** A container of {@code slot} took {@code startup} from launch to listening. */
  public void started(K slot, Duration startup) {
    update(startNanos, slot, startup);
  }

  /** A call of {@code slot} held its container for {@code held}. */
  public void ran(K slot, Duration held) {
    update(callNanos, slot, held);
  }

  private void update(Map<K, Double> m, K slot, Duration d) {
    double x = Math.max(0, saturatedNanos(d));
    m.merge(slot, x, (old, ignored) -> old + weight * (x - old));
  }

  public Optional<Duration> startEstimate(K slot) {
    return Optional.ofNullable(startNanos.get(slot)).map(n -> Duration.ofNanos(Math.round(n)));
  }

  public Optional<Duration> callEstimate(K slot) {
    return Optional.ofNullable(callNanos.get(slot)).map(n -> Duration.ofNanos(Math.round(n)));
  }

  /**
   * How many waiting calls of {@code slot} the busy containers (given by when their calls began)
   * are expected to take before a new container could be ready: a container expected to end its
   * call after {@code now} and sooner than {@code now} plus the start estimate takes one waiting
   * call then, and another after each call estimate while that is still sooner than a start would
   * be ready. A container already past its expected end counts for nothing (the estimate failed
   * it). Without both estimates, 0: launch.
   */
  public int coveredByBusy(K slot, Collection<Instant> busySince, Instant now) {
    Double start = startNanos.get(slot);
    Double call = callNanos.get(slot);
    if (start == null || call == null) {
      return 0;
    }
    double perCall = Math.max(1, call); // calls too short to measure: one per nanosecond at most
    long covered = 0;
    for (Instant since : busySince) {
      long left = saturatedNanos(Duration.between(now, since)) + Math.round(call);
      if (left > 0 && left < start) {
        covered += (long) Math.min(Integer.MAX_VALUE, Math.ceil((start - left) / perCall));
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, covered);
  }

  /**
   * When {@link #coveredByBusy} may next count fewer: the earliest expected end among the busy
   * containers it counts now; empty when it counts none. A pool asks again then, so a call a busy
   * container was expected to take, and did not, starts its own.
   */
  public Optional<Instant> recheckAt(K slot, Collection<Instant> busySince, Instant now) {
    Double start = startNanos.get(slot);
    Double call = callNanos.get(slot);
    if (start == null || call == null) {
      return Optional.empty();
    }
    Instant earliest = null;
    for (Instant since : busySince) {
      long left = saturatedNanos(Duration.between(now, since)) + Math.round(call);
      if (left > 0 && left < start) {
        Instant end = now.plusNanos(left);
        earliest = earliest == null || end.isBefore(earliest) ? end : earliest;
      }
    }
    return Optional.ofNullable(earliest);
  }

  /** The slot is gone: forget its estimates. */
  public void forget(K slot) {
    startNanos.remove(slot);
    callNanos.remove(slot);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }
}
