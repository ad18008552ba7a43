package io.hearth.docker;

import io.hearth.uds.UdsConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Kept-alive connections to the engine's socket. Unlike {@code UdsClient}'s pool it hands out the
 * connection itself, so the watchdog can abort an exchange that hangs before the response head.
 *
 * <p>State: the idle deque is lock-free and owned by this pool; a taken connection belongs to the
 * taker until it is given back or aborted.
 */
final class ConnectionPool implements AutoCloseable {
  /** Idle connections kept; a burst beyond this opens extra ones that are closed afterwards. */
  private static final int MAX_IDLE = 8;

  private final Path socket;
  private final ConcurrentLinkedDeque<UdsConnection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  ConnectionPool(Path socket) {
    this.socket = socket;
  }

  /** A taken connection; {@code reused} when it came from the pool (and may have gone stale). */
  record Taken(UdsConnection connection, boolean reused) {}

  Taken take() throws IOException {
    UdsConnection c;
    while ((c = idle.pollFirst()) != null) {
      if (c.isUsable()) {
        return new Taken(c, true);
      }
      c.abort();
    }
    return new Taken(open(), false);
  }

  UdsConnection open() throws IOException {
    return UdsConnection.open(socket);
  }

  void giveBack(UdsConnection c) {
    if (!closed && c.isOpen() && idle.size() < MAX_IDLE) {
      idle.addFirst(c);
      if (closed) { // close() ran meanwhile: do not leave it behind
        drain();
      }
    } else {
      c.abort();
    }
  }

  @Override
  public void close() {
    closed = true;
    drain();
  }

  private void drain() {
    UdsConnection c;
    while ((c = idle.pollFirst()) != null) {
      c.abort();
    }
  }
}
