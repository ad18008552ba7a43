package io.hearth.core.time;

import java.time.Duration;
import java.time.Instant;

/** The machine's clock: the only main class (benchmarks aside) that reads the system's time or sleeps. */
public final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration);
  }

  @Override
  public String toString() {
    return "SystemClock";
  }
}
