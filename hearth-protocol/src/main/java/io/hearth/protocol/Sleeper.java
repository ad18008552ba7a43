package io.hearth.protocol;

import java.time.Duration;

/** Waits: the node's clock in production ({@code clock::sleep}), a step of a fake clock in tests. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration d) throws InterruptedException;
}
