package io.hearth.bench.load;

import java.time.Duration;

/**
 * Aborts a connection when a time limit passes, unless closed first: bounds loops that send calls
 * one at a time outside {@link ClosedLoop} and {@link OpenLoop}. One virtual thread per guard.
 */
public final class Guard implements AutoCloseable {
  private final Thread thread;

  private Guard(Thread thread) {
    this.thread = thread;
  }

  public static Guard abortAfter(WireConnection connection, Duration limit) {
    return new Guard(Thread.ofVirtual().name("bench-guard").start(() -> {
      try {
        Thread.sleep(limit);
        connection.abort();
      } catch (InterruptedException e) {
        // closed in time
      }
    }));
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
