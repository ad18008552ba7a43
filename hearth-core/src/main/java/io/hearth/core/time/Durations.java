package io.hearth.core.time;

import java.time.Duration;

/**
 * Saturating duration arithmetic: a deadline computed from a huge or hostile duration is "never"
 * (the largest long), not an {@link ArithmeticException} in the thread that needed it, nor a
 * wrapped-around deadline in the past.
 */
public final class Durations {
  private Durations() {}

  /** The duration in nanoseconds, {@link Long#MAX_VALUE} when it does not fit; negative is 0. */
  public static long nanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code nowNanos + d}, saturated at {@link Long#MAX_VALUE}. */
  public static long deadline(long nowNanos, Duration d) {
    return saturatedAdd(nowNanos, nanos(d));
  }

  /** {@code a + b}, saturated at the long range. */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
