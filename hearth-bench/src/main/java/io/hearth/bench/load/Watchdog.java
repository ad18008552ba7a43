package io.hearth.bench.load;

import java.util.List;

/**
 * Bounds a load phase in time: aborts a client's connection when its call has taken longer than
 * the call timeout, and every connection once the phase's hard stop has passed (a blocked read
 * then fails at once). One platform thread, stopped by {@link #close}.
 */
final class Watchdog implements AutoCloseable {
  private static final long CHECK_MILLIS = 50;

  /** One client's state as the watchdog sees it: written by the client, read by the watchdog. */
  static final class Slot {
    volatile WireConnection connection;
    /** System.nanoTime when the call in flight started, 0 when none is. */
    volatile long since;
  }

  private final List<Slot> slots;
  private final long callTimeoutNanos;
  private final long hardStop;
  private final Thread thread;
  private volatile boolean closed;

  Watchdog(List<Slot> slots, long callTimeoutNanos, long hardStop) {
    this.slots = slots;
    this.callTimeoutNanos = callTimeoutNanos;
    this.hardStop = hardStop;
    this.thread = Thread.ofPlatform().daemon().name("bench-watchdog").start(this::loop);
  }

  private void loop() {
    while (!closed) {
      long now = System.nanoTime();
      boolean stop = now - hardStop > 0;
      for (Slot s : slots) {
        long since = s.since;
        WireConnection c = s.connection;
        if (c != null && (stop || (since != 0 && now - since > callTimeoutNanos))) {
          c.abort();
        }
      }
      Latencies.pause(CHECK_MILLIS);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    for (Slot s : slots) {
      WireConnection c = s.connection;
      if (c != null) {
        c.abort();
      }
    }
  }
}
