package io.hearth.uds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unix socket server for tests: every accepted connection runs a {@link Script} on a virtual
 * thread, which reads raw bytes and writes raw responses. Counts accepts and keeps what scripts
 * threw, so a test can assert on both.
 *
 * <p>Ownership: the acceptor thread adds to {@code peers}; scripts own their {@link Peer}; {@link
 * #close()} may run on any thread and closes everything.
 */
final class ScriptedServer implements AutoCloseable {

  /** What the server does with one accepted connection. */
  @FunctionalInterface
  interface Script {
    void run(Peer peer) throws Exception;
  }

  private final Path path;
  private final ServerSocketChannel server;
  private final Script script;
  private final AtomicInteger accepts = new AtomicInteger();
  private final List<Peer> peers = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private ScriptedServer(Path path, ServerSocketChannel server, Script script) {
    this.path = path;
    this.server = server;
    this.script = script;
    this.acceptor = Thread.ofVirtual().name("scripted-accept").start(this::acceptLoop);
  }

  /** Binds a socket at {@code path} (which must not exist) and starts accepting. */
  static ScriptedServer start(Path path, Script script) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    return new ScriptedServer(path, server, script);
  }

  /** A server that answers every request on a connection with {@code 200} and the request body. */
  static ScriptedServer echo(Path path) throws IOException {
    return start(path, Peer::echoAll);
  }

  Path path() {
    return path;
  }

  int accepts() {
    return accepts.get();
  }

  /** What scripts threw, other than their peer going away. */
  List<Throwable> failures() {
    return failures;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepts.incrementAndGet();
      Peer peer = new Peer(ch);
      peers.add(peer);
      Thread.ofVirtual().name("scripted-peer").start(() -> {
        try {
          script.run(peer);
        } catch (Throwable t) {
          if (peer.isOpen()) {
            failures.add(t);
          }
        } finally {
          peer.close();
        }
      });
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Peer p : peers) {
      p.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(path);
  }

  /** One accepted connection, driven by a script. */
  static final class Peer {
    final SocketChannel channel;
    final WireInput in;
    final OutputStream out;

    Peer(SocketChannel channel) {
      this.channel = channel;
      this.in = new WireInput(Channels.newInputStream(channel));
      this.out = Channels.newOutputStream(channel);
    }

    boolean isOpen() {
      return channel.isOpen();
    }

    /** The next request head, or null when the client closed the connection between requests. */
    RequestHead readHead() throws IOException {
      return HttpWire.readRequestHead(in, HttpWire.DEFAULT_HEAD_LIMIT);
    }

    /** The body of a request with that head. */
    byte[] readBody(RequestHead head) throws IOException {
      return body(head).readAllBytes();
    }

    BodyInputStream body(RequestHead head) throws IOException {
      return BodyInputStream.of(in, head.headers(), false);
    }

    void write(String raw) throws IOException {
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] raw) throws IOException {
      out.write(raw);
    }

    /** Writes a complete 200 response with a Content-Length body. */
    void respond(int status, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
      write("HTTP/1.1 " + status + " X\r\nContent-Length: " + b.length + "\r\n\r\n" + body);
    }

    /** Answers every request on this connection with 200 and the request body, until the client closes. */
    void echoAll() throws IOException {
      RequestHead head;
      while ((head = readHead()) != null) {
        byte[] body = readBody(head);
        write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nX-Method: " + head.method()
            + "\r\nX-Target: " + head.target() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        write(body);
      }
    }

    /** Reads and drops bytes until the client closes or {@code limit} bytes went by. */
    long discard(long limit) throws IOException {
      byte[] scratch = new byte[64 * 1024];
      long total = 0;
      InputStream s = in;
      while (total < limit) {
        int n = s.read(scratch, 0, (int) Math.min(scratch.length, limit - total));
        if (n < 0) {
          break;
        }
        total += n;
      }
      return total;
    }

    void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a test peer: nothing to do
      }
    }
  }
}
