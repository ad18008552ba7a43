package io.hearth.docker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds blocking engine calls: a timer armed around an exchange aborts its connection when the
 * exchange outlives its timeout, which wakes the blocked reader with an I/O error.
 *
 * <p>State: the scheduler (one daemon platform thread) owns the pending expiry tasks; each
 * {@link Timer} owns its own state through one atomic (armed, fired or disarmed, set once).
 */
final class Watchdog implements AutoCloseable {
  private final ScheduledExecutorService scheduler;
  private final boolean owned;

  Watchdog(ScheduledExecutorService scheduler, boolean owned) {
    this.scheduler = scheduler;
    this.owned = owned;
  }

  /** A watchdog on a daemon thread of its own, shut down by {@link #close()}. */
  static Watchdog create() {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hearth-docker-watchdog");
      t.setDaemon(true);
      return t;
    });
    return new Watchdog(s, true);
  }

  /** Arms a timer that runs {@code onExpiry} after {@code timeout}; null or zero means never. */
  Timer arm(Duration timeout, Runnable onExpiry) {
    Timer timer = new Timer(onExpiry);
    if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
      timer.future = scheduler.schedule(timer::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return timer;
  }

  @Override
  public void close() {
    if (owned) {
      scheduler.shutdownNow();
    }
  }

  /** One armed timeout. Closing it disarms it; {@link #fired()} tells whether it went off first. */
  static final class Timer implements AutoCloseable {
    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int DISARMED = 2;

    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final Runnable onExpiry;
    private volatile ScheduledFuture<?> future;

    private Timer(Runnable onExpiry) {
      this.onExpiry = onExpiry;
    }

    private void expire() {
      if (state.compareAndSet(ARMED, FIRED)) {
        onExpiry.run();
      }
    }

    boolean fired() {
      return state.get() == FIRED;
    }

    @Override
    public void close() {
      if (state.compareAndSet(ARMED, DISARMED)) {
        ScheduledFuture<?> f = future;
        if (f != null) {
          f.cancel(false);
        }
      }
    }
  }
}
