package io.hearth.server.api;

import io.hearth.server.http.HoldableConnections;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Request;

/**
 * Holds off the connection's idle timeout while a call waits for its container and its function's
 * first bytes. That wait is bounded by the call's own timeouts (the node's queue wait, the
 * function's init timeout and timeout, the lb's placer timeout), each answered with Fn's message and
 * recorded; Jetty's idle timeout (30 s) would otherwise cut a longer wait with a bare 500 and no
 * record. {@link #close} gives the connection its idle timeout back, at the latest when the answer
 * starts, so a client that stops reading is still cut. On the HTTP front's own connections
 * ({@link HoldableConnections}) the hold is a flag on the connection; elsewhere the endpoint's
 * timeout is set to 0 and back. Closed by the request's thread or the thread writing the answer, once.
 */
final class IdleTimeoutHold implements AutoCloseable {
  private final HoldableConnections.Holdable connection;
  private final EndPoint endPoint;
  private final long idleMillis;
  private final AtomicBoolean held;

  private IdleTimeoutHold(HoldableConnections.Holdable connection, EndPoint endPoint, long idleMillis) {
    this.connection = connection;
    this.endPoint = endPoint;
    this.idleMillis = idleMillis;
    this.held = new AtomicBoolean(connection != null || (endPoint != null && idleMillis > 0));
    if (connection != null) {
      connection.hold();
    } else if (held.get()) {
      endPoint.setIdleTimeout(0); // no idle timeout
    }
  }

  static IdleTimeoutHold hold(Request request) {
    Connection c = request.getConnectionMetaData().getConnection();
    if (c instanceof HoldableConnections.Holdable holdable) {
      return new IdleTimeoutHold(holdable, null, 0); // the HTTP front's connections: no scheduler work per call
    }
    EndPoint e = c.getEndPoint();
    return new IdleTimeoutHold(null, e, e == null ? 0 : e.getIdleTimeout());
  }

  /** Restores the idle timeout; idempotent. */
  @Override
  public void close() {
    if (held.compareAndSet(true, false)) {
      if (connection != null) {
        connection.release();
        return;
      }
      if (endPoint instanceof IdleTimeout timeout) {
        timeout.notIdle(); // the wait was not idleness: the timeout counts from now
      }
      endPoint.setIdleTimeout(idleMillis);
    }
  }
}
