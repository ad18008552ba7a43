package io.hearth.docker;

import io.hearth.core.time.Scheduler;
import io.hearth.core.time.TimerThread;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds blocking engine calls: a timer armed around an exchange aborts its connection when the
 * exchange outlives its timeout, which wakes the blocked reader with an I/O error. Aborting is
 * short and does not block, as a {@link Scheduler}'s tasks must be.
 *
 * <p>State: the scheduler owns the pending expiry tasks; each {@link Timer} owns its own state
 * through one atomic (armed, fired or disarmed, set once). The watchdog closes its scheduler only
 * when it started it ({@link #ownTimer}).
 */
final class Watchdog implements AutoCloseable {
  private final Scheduler scheduler;
  private final AutoCloseable owned;

  private Watchdog(Scheduler scheduler, AutoCloseable owned) {
    this.scheduler = scheduler;
    this.owned = owned;
  }

  /** A watchdog on the caller's scheduler, which the caller keeps and closes. */
  static Watchdog on(Scheduler scheduler) {
    return new Watchdog(scheduler, null);
  }

  /** A watchdog on a timer thread of its own, stopped by {@link #close()}. */
  static Watchdog ownTimer() {
    TimerThread timer = TimerThread.start("hearth-docker-watchdog");
    return new Watchdog(timer, timer);
  }

  /** Arms a timer that runs {@code onExpiry} after {@code timeout}; null or zero means never. */
  Timer arm(Duration timeout, Runnable onExpiry) {
    Timer timer = new Timer(onExpiry);
    if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
      timer.scheduled = scheduler.schedule(timeout, timer::expire);
    }
    return timer;
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the watchdog's timer", e);
      }
    }
  }

  /** One armed timeout. Closing it disarms it; {@link #fired()} tells whether it went off first. */
  static final class Timer implements AutoCloseable {
    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int DISARMED = 2;

    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final Runnable onExpiry;
    private volatile Scheduler.Scheduled scheduled;

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
        Scheduler.Scheduled s = scheduled;
        if (s != null) {
          s.cancel();
        }
      }
    }
  }
}
