package io.hearth.server.api;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Request;

/**
 * Holds off the connection's idle timeout while a call waits for its container and its function's
 * first bytes. That wait is bounded by the call's own timeouts (the node's queue wait, the
 * function's init timeout and timeout, the lb's placer timeout), each answered with Fn's message and
 * recorded; Jetty's idle timeout (30 s) would otherwise cut a longer wait with a bare 500 and no
 * record. {@link #close} gives the connection its idle timeout back, at the latest when the answer
 * starts, so a client that stops reading is still cut. Closed by the request's thread or the thread writing the answer, once.
 */
final class IdleTimeoutHold implements AutoCloseable {
  private final EndPoint endPoint;
  private final long idleMillis;
  private final AtomicBoolean held;

  private IdleTimeoutHold(EndPoint endPoint, long idleMillis) {
    this.endPoint = endPoint;
    this.idleMillis = idleMillis;
    this.held = new AtomicBoolean(endPoint != null && idleMillis > 0);
    if (held.get()) {
      endPoint.setIdleTimeout(0); // no idle timeout
    }
  }

  static IdleTimeoutHold hold(Request request) {
    EndPoint e = request.getConnectionMetaData().getConnection().getEndPoint();
    return new IdleTimeoutHold(e, e == null ? 0 : e.getIdleTimeout());
  }

  /** Restores the idle timeout; idempotent. */
  @Override
  public void close() {
    if (held.compareAndSet(true, false)) {
      if (endPoint instanceof IdleTimeout timeout) {
        timeout.notIdle(); // the wait was not idleness: the timeout counts from now
      }
      endPoint.setIdleTimeout(idleMillis);
    }
  }
}
