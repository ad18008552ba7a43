package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The same keep-alive window for every function, whatever its own idle_timeout says: what Fn and
 * OpenWhisk do with their node-wide default (10 minutes). Compare {@link
 * KeepAlivePolicy#fixedPerFunction()}, which honours each function's idle_timeout.
 */
public record FixedKeepAlive(Duration window) implements KeepAlivePolicy {
  /** The window of OpenWhisk's and AWS Lambda's fixed policies, the baseline of the keep-alive studies. */
  public static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  public FixedKeepAlive {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("a keep-alive window cannot be negative: " + window);
    }
  }

  public static FixedKeepAlive tenMinutes() {
    return new FixedKeepAlive(TEN_MINUTES);
  }

  @Override
  public Duration keepAlive(SlotKey slot, Instant idleSince) {
    return window;
  }
}
