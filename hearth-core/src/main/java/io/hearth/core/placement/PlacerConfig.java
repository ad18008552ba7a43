package io.hearth.core.placement;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long an lb keeps trying to place a call.
 *
 * @param retryAllDelay   pause after every runner refused, before walking again (Fn: 10 ms — long
 *                        enough not to spin, short against a call's time)
 * @param timeout         longest a call is placed for before 503 "server too busy"
 * @param detachedTimeout the same for detached calls, whose client waits only for the start
 */
public record PlacerConfig(Duration retryAllDelay, Duration timeout, Duration detachedTimeout) {
  public static final PlacerConfig DEFAULTS =
      new PlacerConfig(Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(10));

  public PlacerConfig {
    Objects.requireNonNull(retryAllDelay, "retryAllDelay");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(detachedTimeout, "detachedTimeout");
    if (retryAllDelay.isNegative() || timeout.isNegative() || detachedTimeout.isNegative()) {
      throw new IllegalArgumentException("placer delays and timeouts cannot be negative");
    }
  }

  /** When a call that arrived at {@code start} stops being placed. */
  public Instant deadline(Instant start, boolean detached) {
    return start.plus(detached ? detachedTimeout : timeout);
  }

  /**
   * Whether another walk over the runners is worth starting after a pause of the retry-all delay:
   * only when the pause ends before the deadline.
   */
  public boolean retryBefore(Instant now, Instant deadline) {
    return now.plus(retryAllDelay).isBefore(deadline);
  }
}
