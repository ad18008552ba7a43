package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long an idle container of a slot is kept warm, and whether the pool should start one again
 * ahead of the next call after it expired. Policies that learn from arrivals (a histogram of idle
 * times) see every call through {@link #onCall}, and how many of the slot's calls run at once
 * through {@link #onRunning}.
 *
 * <p>An idle container has a <em>rank</em>: the pool hands the most recently idled container to the
 * next call, so the idle container of rank {@code r} serves the next call that finds {@code r − 1}
 * others of the slot running. Rank 1 is the container the slot keeps when nothing runs; ranks above
 * it are the extra containers a busy slot started. Policies may keep them differently ({@link
 * #keepAlive(SlotKey, Instant, int)}); by default every rank is kept alike.
 *
 * <p>The pool asks while it holds the shell's lock, possibly many times for the same container, so
 * answers must be cheap and must not depend on how often they are asked.
 */
public interface KeepAlivePolicy {

  /** How long a container of {@code slot} that went idle at {@code idleSince} after a call is kept. */
  Duration keepAlive(SlotKey slot, Instant idleSince);

  /**
   * How long the idle container of {@code rank} (1 for the one the next call takes) of {@code slot},
   * idle since {@code idleSince}, is kept. By default {@link #keepAlive(SlotKey, Instant)}, whatever
   * the rank. A container's rank changes only when one ahead of it leaves (expires, is evicted).
   */
  default Duration keepAlive(SlotKey slot, Instant idleSince, int rank) {
    return keepAlive(slot, idleSince);
  }

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

  /**
   * As {@link #prewarmAt(SlotKey, Instant)}, for the container of {@code rank} that expired. By
   * default the rank is ignored.
   */
  default Optional<Instant> prewarmAt(SlotKey slot, Instant idleSince, int rank) {
    return prewarmAt(slot, idleSince);
  }

  /** A call for {@code slot} arrived at {@code now}. */
  default void onCall(SlotKey slot, Instant now) {}

  /**
   * The number of {@code slot}'s containers serving a call changed to {@code running} at {@code now}
   * (told only when it changes, so a container handed straight to the next waiting call is silent).
   */
  default void onRunning(SlotKey slot, int running, Instant now) {}

  /** Fn's rule: each function's own idle_timeout. */
  static KeepAlivePolicy fixedPerFunction() {
    return (slot, idleSince) -> Duration.ofSeconds(slot.idleTimeoutSecs());
  }
}
