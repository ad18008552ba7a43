package io.hearth.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards a loopback port to a real server, so a test can cut the network and restore it.
 * One virtual thread accepts and two copy each connection; {@link #close()} drops them all.
 * The set of open sockets is the only shared state (a concurrent set). Shared with other modules'
 * tests through this module's test-jar (hearth-server's datastore outage test).
 */
public final class LoopbackProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private LoopbackProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
    Thread.ofVirtual().name("proxy-accept").start(this::accept);
  }

  /** Listens on {@code port} (0 for any free one) and forwards to {@code host:targetPort}. */
  public static LoopbackProxy start(int port, String host, int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return new LoopbackProxy(server, new InetSocketAddress(host, targetPort));
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(upstream);
        Thread.ofVirtual().start(() -> copy(client, upstream));
        Thread.ofVirtual().start(() -> copy(upstream, client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // the other side went away, or the proxy was closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    open.forEach(LoopbackProxy::closeQuietly);
    open.clear();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
