package io.hearth.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where load goes: a TCP port on 127.0.0.1, or a local unix socket. There is no way to name
 * another host: the benchmarks never send load off this machine.
 */
public sealed interface Endpoint {

  /** Opens a connected blocking channel. */
  SocketChannel connect() throws IOException;

  /** The loopback port of a node's HTTP API. */
  static Endpoint loopback(int port) {
    return new Loopback(port);
  }

  /** A container's listener socket (or any local unix socket). */
  static Endpoint unix(Path socket) {
    return new Unix(socket);
  }

  /** TCP to 127.0.0.1, Nagle off (requests are written in one piece). */
  record Loopback(int port) implements Endpoint {
    public Loopback {
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("not a TCP port: " + port);
      }
    }

    @Override
    public SocketChannel connect() throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.INET);
      try {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return ch;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    @Override
    public String toString() {
      return "http://127.0.0.1:" + port;
    }
  }

  /** A unix domain socket. */
  record Unix(Path socket) implements Endpoint {
    @Override
    public SocketChannel connect() throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    @Override
    public String toString() {
      return "unix:" + socket;
    }
  }
}
