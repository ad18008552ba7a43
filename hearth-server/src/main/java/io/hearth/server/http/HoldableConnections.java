package io.hearth.server.http;

import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's HTTP/1.1 connections, each of which a running call can {@linkplain Holdable#hold hold}
 * against the idle timeout: while held, an idle timeout that comes due is let pass (Jetty looks again
 * a whole timeout later), and {@linkplain Holdable#release releasing} counts the idleness from then.
 * Holding and releasing touch two fields; setting the endpoint's idle timeout to 0 and back instead
 * cancels and schedules a task on Jetty's scheduler for every call (and wakes its thread when that
 * task is its next one).
 *
 * <p>It subclasses Jetty's {@code server.internal.HttpConnection} and repeats what Jetty's own factory
 * does in {@code newConnection} (12.1: the chunk length, then {@code configure}): check both on a
 * Jetty upgrade ({@code IdleTimeoutHoldTest} fails if the hold stops working).
 *
 * <p>Threads: {@code held} is volatile; HTTP/1.1 runs one request at a time on a connection, so one
 * call holds it at a time.
 */
public final class HoldableConnections extends HttpConnectionFactory {
  public HoldableConnections(HttpConfiguration config) {
    super(config);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    Holdable connection = new Holdable(getHttpConfiguration(), connector, endPoint);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength()); // as Jetty's own factory
    return configure(connection, connector, endPoint);
  }

  /** A connection whose idle timeout a call can hold off. */
  public static final class Holdable extends HttpConnection {
    private volatile boolean held;

    Holdable(HttpConfiguration config, Connector connector, EndPoint endPoint) {
      super(config, connector, endPoint);
    }

    /** From now until {@link #release}, the idle timeout does not cut this connection. */
    public void hold() {
      held = true;
    }

    /** The idle timeout counts again, from now. */
    public void release() {
      if (getEndPoint() instanceof IdleTimeout idleness) {
        idleness.notIdle();
      }
      held = false;
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
      return !held && super.onIdleExpired(timeout);
    }
  }
}
