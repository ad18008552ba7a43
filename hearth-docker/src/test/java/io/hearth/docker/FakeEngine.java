package io.hearth.docker;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted stand-in for the Docker Engine on a unix socket, for unit tests of what the real one
 * will not do on demand (hang, break a stream, answer an odd version). Each connection is served
 * on a virtual thread; the handler writes raw HTTP with the helpers of {@link Exchange}.
 *
 * <p>State: the request log is a concurrent list; everything else belongs to one connection's thread.
 */
final class FakeEngine implements AutoCloseable {
  record Request(String method, String target, byte[] body) {}

  interface Handler {
    /** Answers one request; return false to close the connection afterwards. */
    boolean handle(Request request, Exchange exchange) throws Exception;
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final Handler handler;
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String apiVersion = "1.41";

  FakeEngine(Path dir, Handler handler) throws IOException {
    this.socket = dir.resolve("docker.sock");
    this.handler = handler;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofVirtual().start(this::acceptLoop);
  }

  Path socket() {
    return socket;
  }

  FakeEngine apiVersion(String v) {
    this.apiVersion = v;
    return this;
  }

  List<String> targets() {
    return requests.stream().map(r -> r.method() + " " + r.target()).toList();
  }

  private void acceptLoop() {
    try {
      while (true) {
        SocketChannel c = server.accept();
        open.add(c);
        Thread.ofVirtual().start(() -> serve(c));
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void serve(SocketChannel c) {
    try (c) {
      WireInput in = new WireInput(Channels.newInputStream(c));
      OutputStream out = Channels.newOutputStream(c);
      while (true) {
        RequestHead head = HttpWire.readRequestHead(in, HttpWire.DEFAULT_HEAD_LIMIT);
        if (head == null) {
          return;
        }
        byte[] body = BodyInputStream.of(in, head.headers(), false).readAllBytes();
        Request r = new Request(head.method(), head.target(), body);
        requests.add(r);
        Exchange ex = new Exchange(out);
        if (head.target().equals("/_ping")) {
          ex.respond(200, "text/plain", "OK", "API-Version: " + apiVersion);
        } else if (!handler.handle(r, ex)) {
          return;
        }
      }
    } catch (Exception e) {
      // connection ended
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (SocketChannel c : open) {
      c.close();
    }
    Files.deleteIfExists(socket);
  }

  /** Writes one response. */
  static final class Exchange {
    private final OutputStream out;

    Exchange(OutputStream out) {
      this.out = out;
    }

    void respond(int status, String contentType, String body, String... headers) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType
          + "\r\nContent-Length: " + b.length + "\r\n");
      for (String h : headers) {
        sb.append(h).append("\r\n");
      }
      out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(b);
      out.flush();
    }

    void json(int status, String body) throws IOException {
      respond(status, "application/json", body);
    }

    void chunkedHead(int status, String... headers) throws IOException {
      StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n");
      for (String h : headers) {
        sb.append(h).append("\r\n");
      }
      out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    void chunk(String text) throws IOException {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(b);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    void lastChunk() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** Never answers (until the test closes the fake). */
    void hang() throws InterruptedException {
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
