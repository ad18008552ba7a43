package io.hearth.bench.load;

import io.hearth.uds.BodyInputStream;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.WireInput;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal HTTP/1.1 server on a unix socket for load-generator tests: answers every request 200
 * "ok" with keep-alive; the request numbered {@code stallAt} (from 1) is answered after {@code
 * stallMillis}. One virtual thread per connection.
 */
final class TinyServer implements AutoCloseable {
  private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

  private final Path socket;
  private final ServerSocketChannel server;
  private final long stallAt;
  private final long stallMillis;
  final AtomicLong requests = new AtomicLong();

  TinyServer(Path dir, long stallAt, long stallMillis) throws IOException {
    this.socket = dir.resolve("tiny.sock");
    Files.deleteIfExists(socket);
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.stallAt = stallAt;
    this.stallMillis = stallMillis;
    Thread.ofVirtual().start(this::accept);
  }

  Endpoint endpoint() {
    return Endpoint.unix(socket);
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        Thread.ofVirtual().start(() -> serve(ch));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(SocketChannel ch) {
    try (ch) {
      WireInput in = new WireInput(Channels.newInputStream(ch));
      OutputStream out = Channels.newOutputStream(ch);
      while (true) {
        RequestHead head = HttpWire.readRequestHead(in, HttpWire.DEFAULT_HEAD_LIMIT);
        if (head == null) {
          return;
        }
        BodyInputStream.of(in, head.headers(), false).readAllBytes();
        if (requests.incrementAndGet() == stallAt) {
          Thread.sleep(stallMillis);
        }
        out.write(OK);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }
}
