package io.hearth.core.time;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Where main code gets its time: the wall instant (an {@link InstantSource}), a monotonic nanosecond
 * ticker for measuring durations, and sleeping. {@link SystemClock} is the one implementation that
 * reads the machine's time; tests pass a manual clock (hearth-testkit's {@code ManualClock}) and
 * advance it instead of waiting.
 */
public interface Clock extends InstantSource {

  /** A monotonic ticker in nanoseconds: only differences between two readings mean anything. */
  long nanoTime();

  /** Blocks the calling thread for {@code duration} of this clock's time. */
  void sleep(Duration duration) throws InterruptedException;

  /** The machine's clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
