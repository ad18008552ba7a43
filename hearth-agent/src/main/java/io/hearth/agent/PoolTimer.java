package io.hearth.agent;

import io.hearth.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Ticks the pool when its next deadline comes (a call's longest wait, a freeze grace, a keep-alive
 * end) rather than on a fixed period. Re-armed after every batch of actions; an earlier deadline
 * replaces a later one.
 *
 * <p>Threads: the injected scheduler runs the ticks (its thread, or a test advancing a manual
 * clock); {@code scheduled}, {@code scheduledAt} and {@code closed} are guarded by {@code this}.
 */
final class PoolTimer implements AutoCloseable {
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Runnable tick;
  private final Supplier<Optional<Instant>> nextDeadline;
  private Scheduler.Scheduled scheduled;
  private Instant scheduledAt;
  private boolean closed;

  PoolTimer(InstantSource clock, Scheduler scheduler, Runnable tick, Supplier<Optional<Instant>> nextDeadline) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.tick = tick;
    this.nextDeadline = nextDeadline;
  }

  /** Makes sure a tick is scheduled no later than the pool's next deadline. */
  void rearm() {
    Optional<Instant> next = nextDeadline.get();
    if (next.isEmpty()) {
      return;
    }
    synchronized (this) {
      if (closed || (scheduledAt != null && !next.get().isBefore(scheduledAt))) {
        return;
      }
      if (scheduled != null) {
        scheduled.cancel();
      }
      Duration delay = Duration.between(clock.instant(), next.get());
      scheduledAt = next.get();
      scheduled = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::fire);
    }
  }

  private void fire() {
    synchronized (this) {
      scheduled = null;
      scheduledAt = null;
      if (closed) {
        return;
      }
    }
    try {
      tick.run();
    } finally {
      rearm();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (scheduled != null) {
      scheduled.cancel();
    }
  }
}
