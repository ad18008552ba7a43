package io.hearth.agent;

import io.hearth.core.slot.SlotKey;
import io.hearth.uds.UdsConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One function container as the agent sees it.
 *
 * <p>Ownership: {@code connection} belongs to the thread running a call in the container (at most
 * one at a time) or, while idle, to the {@link WarmPool}; {@code idleSince} is guarded by the pool's
 * lock; {@code exited} may be set by any thread (the engine's event stream) and is only ever set.
 */
final class FunctionContainer {
  final String name;
  final SlotKey slot;
  final Path socketDir;
  volatile String id;
  UdsConnection connection;
  Instant idleSince;
  int calls;
  private final CountDownLatch exit = new CountDownLatch(1);

  FunctionContainer(String name, SlotKey slot, Path socketDir) {
    this.name = name;
    this.slot = slot;
    this.socketDir = socketDir;
  }

  boolean exited() {
    return exit.getCount() == 0;
  }

  void markExited() {
    exit.countDown();
  }

  /** Waits until the engine reports the container stopped; false when it did not within the time. */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return exit.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Whether an idle container can take a call: running, and its connection still open at both ends. */
  boolean usable() {
    return !exited() && connection != null && connection.isUsable();
  }

  @Override
  public String toString() {
    return name + (id == null ? "" : " (" + id.substring(0, Math.min(12, id.length())) + ")");
  }
}
