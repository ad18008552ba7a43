package io.hearth.protocol;

import java.time.Duration;

/** Waits: the real thing in production, a step of a fake clock in tests. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d);

  void sleep(Duration d) throws InterruptedException;
}
