package io.hearth.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ticks the pool when its next deadline comes (a call's longest wait, a freeze grace, a keep-alive
 * end) rather than on a fixed period. Re-armed after every batch of actions; an earlier deadline
 * replaces a later one.
 *
 * <p>Threads: one platform timer thread runs the ticks (and the execution timeouts that share its
 * executor); {@code scheduled} and {@code scheduledAt} are guarded by {@code this}.
 */
final class PoolTimer implements AutoCloseable {
  private final InstantSource clock;
  private final Runnable tick;
  private final Supplier<Optional<Instant>> nextDeadline;
  private final ScheduledThreadPoolExecutor executor = timerThread();
  private ScheduledFuture<?> scheduled;
  private Instant scheduledAt;

  /**
   * One platform thread. A cancelled task leaves the queue at once: every call schedules its
   * execution timeout and nearly every call cancels it, and kept until due (seconds later) they
   * would pile up by the hundred thousand under load.
   */
  private static ScheduledThreadPoolExecutor timerThread() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().daemon().name("hearth-agent-timer").factory());
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  PoolTimer(InstantSource clock, Runnable tick, Supplier<Optional<Instant>> nextDeadline) {
    this.clock = clock;
    this.tick = tick;
    this.nextDeadline = nextDeadline;
  }

  ScheduledExecutorService executor() {
    return executor;
  }

  /** Makes sure a tick is scheduled no later than the pool's next deadline. */
  void rearm() {
    Optional<Instant> next = nextDeadline.get();
    if (next.isEmpty()) {
      return;
    }
    synchronized (this) {
      if (executor.isShutdown() || (scheduledAt != null && !next.get().isBefore(scheduledAt))) {
        return;
      }
      if (scheduled != null) {
        scheduled.cancel(false);
      }
      long delay = Math.max(0, Duration.between(clock.instant(), next.get()).toNanos());
      scheduledAt = next.get();
      scheduled = executor.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }
  }

  private void fire() {
    synchronized (this) {
      scheduled = null;
      scheduledAt = null;
    }
    try {
      tick.run();
    } finally {
      rearm();
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
