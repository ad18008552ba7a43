package io.hearth.agent;

import io.hearth.core.slot.SlotKey;
import io.hearth.uds.UdsConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One function container as the agent's shell sees it: the engine's id, the socket, the
 * connection. What the pool decides about it lives in {@code NodePool} under {@link #poolId}.
 *
 * <p>Ownership: {@code connection} belongs to the thread running the container's call, or to the
 * launcher while it starts; {@code paused} is read and written only under {@code engineOps}, which
 * also serializes pause, unpause and removal so a late freeze can never catch a busy container;
 * {@code busy} and the exit latch may be touched by any thread.
 */
final class FunctionContainer {
  final long poolId;
  final String name;
  final SlotKey slot;
  final Path socketDir;
  final ReentrantLock engineOps = new ReentrantLock();
  volatile String id;
  volatile boolean busy;
  volatile int calls;
  UdsConnection connection;
  boolean paused;
  long initNanos;
  CallLog log;
  AutoCloseable output;
  CallFailure launchFailure;
  private final CountDownLatch exit = new CountDownLatch(1);

  FunctionContainer(long poolId, String name, SlotKey slot, Path socketDir) {
    this.poolId = poolId;
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

  /** Whether it can take a call: running, and its connection still open at both ends. */
  boolean usable() {
    return !exited() && connection != null && connection.isUsable();
  }

  @Override
  public String toString() {
    String engineId = id;
    return name + (engineId == null ? "" : " (" + engineId.substring(0, Math.min(12, engineId.length())) + ")");
  }
}
