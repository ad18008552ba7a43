package io.hearth.core.time;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on the machine's time: one platform daemon thread. A cancelled task leaves
 * the queue at once: the agent schedules an execution timeout for nearly every call and cancels
 * nearly all of them, and kept until due (seconds later) they would pile up by the hundred thousand
 * under load. Owned by the node that starts it, which closes it after everything that schedules on it.
 */
public final class TimerThread implements Scheduler, AutoCloseable {
  private final ScheduledThreadPoolExecutor executor;

  private TimerThread(String name) {
    executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name(name).factory());
    executor.setRemoveOnCancelPolicy(true);
  }

  /** Starts a timer thread named {@code name}. */
  public static TimerThread start(String name) {
    return new TimerThread(name);
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    try {
      var future = executor.schedule(task, Durations.nanos(delay), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {}; // closed, perhaps while this was scheduling: the task never runs
    }
  }

  /** Stops the thread; tasks not yet run never run. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
