package io.hearth.client;

import java.time.Duration;

/**
 * When a {@link LeaseKeeper} renews and how it backs off: pure arithmetic, Reflow's rules.
 *
 * <ul>
 *   <li>Renew {@link #MARGIN} (30 s) before a grant runs out, but never sooner than halfway through
 *       it, so a short lease (say 10 s) is renewed at 5 s instead of at once, over and over.
 *   <li>A failed renewal is tried again after 2 s, then each wait 1.5 times the last, each spread
 *       by ±{@link #JITTER} at random so many keepers that failed together do not retry together;
 *       {@link #MAX_TRIES} tries in all (the first and four retries: about 16 s), then the lease is
 *       lost.
 * </ul>
 */
final class RenewalPolicy {
  /** How long before a grant ends the keeper renews it: room for a few retries before expiry. */
  static final Duration MARGIN = Duration.ofSeconds(30);
  /** The first retry's wait. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
  /** Each retry waits this much longer than the one before. */
  static final double BACKOFF_FACTOR = 1.5;
  /** Each wait is spread uniformly within ±20 % of its nominal length. */
  static final double JITTER = 0.2;
  /** Tries of one renewal, the first included, before the lease counts as lost. */
  static final int MAX_TRIES = 5;

  private RenewalPolicy() {}

  /** How long after a grant of {@code granted} to renew it: granted − 30 s, at least half of it. */
  static Duration renewAfter(Duration granted) {
    if (granted.isNegative() || granted.isZero()) {
      return Duration.ZERO;
    }
    Duration margin = granted.minus(MARGIN);
    Duration half = granted.dividedBy(2);
    return margin.compareTo(half) > 0 ? margin : half;
  }

  /** The nominal wait after the {@code failures}-th failed try (1 → 2 s, 2 → 3 s, 3 → 4.5 s, ...). */
  static Duration nominalBackoff(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("a backoff follows a failure: " + failures);
    }
    double nanos = FIRST_BACKOFF.toNanos() * Math.pow(BACKOFF_FACTOR, failures - 1);
    return Duration.ofNanos(Math.round(nanos));
  }

  /**
   * The jittered wait after the {@code failures}-th failed try.
   *
   * @param unit a uniform random number in [0, 1): 0 gives the shortest wait, 0.5 the nominal one
   */
  static Duration backoff(int failures, double unit) {
    if (!(unit >= 0 && unit < 1)) {
      throw new IllegalArgumentException("not in [0, 1): " + unit);
    }
    double spread = 1 + JITTER * (2 * unit - 1);
    return Duration.ofNanos(Math.round(nominalBackoff(failures).toNanos() * spread));
  }

  /** Whether another try follows the {@code failures}-th failed one. */
  static boolean retries(int failures) {
    return failures < MAX_TRIES;
  }
}
