package io.hearth.core.time;

import java.time.Duration;

/**
 * Runs tasks after a delay of its clock's time. {@link TimerThread} runs them on a platform thread of
 * its own; a manual clock runs them when a test advances it past their time.
 */
public interface Scheduler {

  /** Runs {@code task} once, {@code delay} from now; a task must be short and must not block. */
  Scheduled schedule(Duration delay, Runnable task);

  /** A task not yet run. */
  @FunctionalInterface
  interface Scheduled {
    /** Makes sure the task does not run (if it has not started); harmless when it ran or was cancelled. */
    void cancel();
  }
}
