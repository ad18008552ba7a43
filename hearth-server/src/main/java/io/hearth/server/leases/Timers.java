package io.hearth.server.leases;

import io.hearth.core.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic work on the node's {@link Scheduler}: each tick hands the work to {@code background} (the
 * scheduler's tasks must not block) and arms the next tick when it is done, so one timer's runs
 * never overlap. A run that fails is logged and the timer goes on. Thread-safe: the latest handle of
 * each timer is kept in a concurrent map; {@code closed} is volatile.
 */
final class Timers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Timers.class);

  private final Scheduler scheduler;
  private final Executor background;
  private final Map<String, Scheduler.Scheduled> armed = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Timers(Scheduler scheduler, Executor background) {
    this.scheduler = scheduler;
    this.background = background;
  }

  /** Runs {@code work} every {@code interval}, the first time one interval from now. */
  void every(String name, Duration interval, Runnable work) {
    if (closed) {
      return;
    }
    armed.put(name, scheduler.schedule(interval, () -> background.execute(() -> {
      try {
        if (!closed) {
          work.run();
        }
      } catch (RuntimeException e) {
        log.warn("lease timer {} failed; it runs again in {}", name, interval, e);
      } finally {
        every(name, interval, work);
      }
    })));
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    armed.values().forEach(Scheduler.Scheduled::cancel);
  }
}
