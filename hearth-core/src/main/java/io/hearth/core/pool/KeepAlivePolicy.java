package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;

/**
 * How long an idle container of a slot is kept warm. Policies that learn from arrivals (a
 * histogram of idle times, Greedy-Dual) see every call through {@link #onCall}.
 */
public interface KeepAlivePolicy {

  /** How long a container of {@code slot} that went idle at {@code idleSince} is kept. */
  Duration keepAlive(SlotKey slot, Instant idleSince);

  /** A call for {@code slot} arrived at {@code now}. */
  default void onCall(SlotKey slot, Instant now) {}

  /** Fn's rule: each function's own idle_timeout. */
  static KeepAlivePolicy fixedPerFunction() {
    return (slot, idleSince) -> Duration.ofSeconds(slot.idleTimeoutSecs());
  }
}
