package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long an idle container of a slot is kept warm, and whether the pool should start one again
 * ahead of the next call after it expired. Policies that learn from arrivals (a histogram of idle
 * times) see every call through {@link #onCall}.
 *
 * <p>The pool asks while it holds the shell's lock, possibly many times for the same container, so
 * answers must be cheap and must not depend on how often they are asked.
 */
public interface KeepAlivePolicy {

  /** How long a container of {@code slot} that went idle at {@code idleSince} after a call is kept. */
  Duration keepAlive(SlotKey slot, Instant idleSince);

  /**
   * How long a container started ahead of calls (prewarmed), idle since it became ready at
   * {@code readySince} and not used yet, is kept. By default the same as {@link #keepAlive}.
   */
  default Duration keepAlivePrewarmed(SlotKey slot, Instant readySince) {
    return keepAlive(slot, readySince);
  }

  /**
   * When to start a container of {@code slot} again, ahead of the next call, after one that went
   * idle at {@code idleSince} expired; empty (the default) for never. Asked once, when the container
   * retires for expiry; a call for the slot before that time cancels the plan.
   */
  default Optional<Instant> prewarmAt(SlotKey slot, Instant idleSince) {
    return Optional.empty();
  }

  /** A call for {@code slot} arrived at {@code now}. */
  default void onCall(SlotKey slot, Instant now) {}

  /** Fn's rule: each function's own idle_timeout. */
  static KeepAlivePolicy fixedPerFunction() {
    return (slot, idleSince) -> Duration.ofSeconds(slot.idleTimeoutSecs());
  }
}
