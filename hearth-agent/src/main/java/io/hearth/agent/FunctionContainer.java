package io.hearth.agent;

import io.hearth.core.slot.SlotKey;
import io.hearth.uds.UdsConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One function container as the agent's shell sees it: the engine's id, the socket, the
 * connection. What the pool decides about it lives in {@code NodePool} under {@link #poolId}.
 *
 * <p>Connections: the function listens on {@code socket}; the agent keeps one connection to it
 * alive between calls and dials a new one when the function has closed it, as Fn's agent does
 * (Fn's Java FDK closes its connection after every answer, which it ends by closing; Node's closes
 * connections idle for a few seconds). A closed connection is no sign of a dead container: the
 * engine's exit event is.
 *
 * <p>Ownership: {@code socket} is written once by the launcher before the container takes calls;
 * {@code connection} is replaced only by the thread running the container's call (or the launcher
 * while it starts) and is volatile so that a timeout or a retirement may abort it from another
 * thread; {@code paused} is read and written only under {@code engineOps}, which
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
  volatile Path socket;
  volatile UdsConnection connection;
  boolean paused;
  long initNanos;
  /** How long its launch waited for its image to be pulled (0: the image was there). */
  long pullNanos;
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

  /** Whether it can take a call: it became ready and the engine has not reported it stopped. */
  boolean usable() {
    return !exited() && socket != null;
  }

  /**
   * The connection for the next call: the kept-alive one when it is still open at both ends (a
   * non-blocking check of the socket), else a new one to the function's socket. Called by the
   * thread running the container's call.
   *
   * @throws IOException when the function no longer accepts connections
   */
  UdsConnection connectionForCall() throws IOException {
    UdsConnection kept = connection;
    if (kept != null && kept.isUsable()) {
      return kept;
    }
    if (kept != null) {
      kept.abort();
    }
    Path s = socket;
    if (s == null) {
      throw new IOException("container " + this + " has no socket yet");
    }
    UdsConnection fresh = UdsConnection.open(s);
    connection = fresh;
    return fresh;
  }

  /** Closes the current connection, if any, from any thread: a call in progress on it fails. */
  void abortConnection() {
    UdsConnection c = connection;
    if (c != null) {
      c.abort();
    }
  }

  @Override
  public String toString() {
    String engineId = id;
    return name + (engineId == null ? "" : " (" + engineId.substring(0, Math.min(12, engineId.length())) + ")");
  }
}
