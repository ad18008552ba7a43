package io.hearth.fdk;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running FDK server: the published listener socket, an acceptor thread, and one virtual thread
 * per connection. Start one with {@link Fdk#serve}; {@link #close()} stops it.
 *
 * <p>Threads: the acceptor (a virtual thread) owns the accept loop; each connection's virtual
 * thread owns that connection. {@link #connections} is a concurrent set written by the acceptor and
 * the connection threads, read by {@link #close()}; {@link #closed} is volatile. Nothing else is
 * shared.
 */
public final class FdkServer implements AutoCloseable {
  /** Pause after a failed accept (e.g. out of file descriptors), so the loop does not spin. */
  private static final long ACCEPT_BACKOFF_MILLIS = 50;

  private final ListenerSocket socket;
  private final FnHandler handler;
  private final Map<String, String> config;
  private final Set<CallConnection> connections = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong connectionCount = new AtomicLong();
  private volatile boolean closed;

  private FdkServer(ListenerSocket socket, FnHandler handler, Map<String, String> config) {
    this.socket = socket;
    this.handler = handler;
    this.config = config;
  }

  static FdkServer start(Path listener, FnHandler handler, Map<String, String> config) throws IOException {
    FdkServer server = new FdkServer(ListenerSocket.publish(listener), handler, Map.copyOf(config));
    Thread.ofVirtual().name("fdk-acceptor").start(server::acceptLoop);
    return server;
  }

  /** The listener path the agent connects to ({@code lsnr.sock}, a symlink). */
  public Path listener() {
    return socket.listener();
  }

  /** The socket file the listener symlink points to. */
  public Path socket() {
    return socket.socket();
  }

  /** Blocks until the server is closed. */
  public void join() throws InterruptedException {
    stopped.await();
  }

  /** Blocks until the server is closed or the time is up; returns whether it is closed. */
  public boolean join(long timeout, TimeUnit unit) throws InterruptedException {
    return stopped.await(timeout, unit);
  }

  private void acceptLoop() {
    try {
      while (!closed) {
        SocketChannel channel;
        try {
          channel = socket.channel().accept();
        } catch (ClosedChannelException e) {
          return;
        } catch (IOException e) {
          if (closed) {
            return;
          }
          System.err.println("hearth-fdk: accepting a connection failed: " + e);
          Thread.sleep(ACCEPT_BACKOFF_MILLIS);
          continue;
        }
        CallConnection connection = new CallConnection(channel, handler, config, connections);
        connections.add(connection);
        if (closed) {
          connection.close();
        }
        Thread.ofVirtual().name("fdk-connection-" + connectionCount.incrementAndGet()).start(connection);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  /** Stops accepting, closes every connection (calls in flight fail) and removes the socket. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    socket.close();
    for (CallConnection c : connections) {
      c.close();
    }
    stopped.countDown();
  }
}
