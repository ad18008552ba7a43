package io.hearth.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** Small helpers for recording and waiting. */
public final class Latencies {
  /** Longest latency a histogram holds; longer values are recorded as this. */
  static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);

  private Latencies() {}

  public static void record(Histogram h, long nanos) {
    h.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
  }

  /** Parks until {@code deadline} (System.nanoTime); returns at once when it has passed. */
  static void waitUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /** Sleeps without throwing; an interrupt is kept for the caller. */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
