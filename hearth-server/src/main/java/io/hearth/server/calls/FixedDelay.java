package io.hearth.server.calls;

import io.hearth.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A task run again and again, {@code every} after the end of its last run (the first {@code first}
 * after {@link #start}). Each tick on the {@link Scheduler} only hands the task to a worker, since a
 * scheduler's tasks must be short and must not block, and the work here waits on the datastore.
 *
 * <p>Threads: the scheduler's thread hands over; the worker runs the task and then arms the next
 * tick, so at most one tick or run is outstanding. {@code this} guards {@code next} and {@code
 * stopped}.
 */
public final class FixedDelay implements AutoCloseable {
  private final Scheduler scheduler;
  private final Executor worker;
  private final Duration first;
  private final Duration every;
  private final Runnable task;
  private Scheduler.Scheduled next;
  private boolean stopped;

  public FixedDelay(Scheduler scheduler, Executor worker, Duration first, Duration every, Runnable task) {
    this.scheduler = scheduler;
    this.worker = worker;
    this.first = first;
    this.every = every;
    this.task = task;
  }

  public FixedDelay start() {
    arm(first);
    return this;
  }

  private synchronized void arm(Duration delay) {
    if (!stopped) {
      next = scheduler.schedule(delay, this::handOver);
    }
  }

  private void handOver() {
    try {
      worker.execute(() -> {
        try {
          task.run();
        } finally {
          arm(every);
        }
      });
    } catch (RejectedExecutionException e) {
      // the worker is stopping: so is this
    }
  }

  /** No tick after this one (a run under way finishes). */
  @Override
  public synchronized void close() {
    stopped = true;
    if (next != null) {
      next.cancel();
    }
  }
}
