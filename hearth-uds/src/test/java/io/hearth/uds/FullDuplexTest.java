package io.hearth.uds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that answers while it reads (an echo) must not stall with the client: far more than the
 * socket buffers hold travels both ways at once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FullDuplexTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void tenMegabytesEchoedAsTheyArrive(boolean knownLength) throws Exception {
    byte[] payload = new byte[10 * 1024 * 1024];
    new Random(7).nextBytes(payload);
    Path sock = dir.resolve("echo.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      Thread echo = Thread.ofVirtual().start(() -> echoOnce(server));
      try (UdsConnection c = UdsConnection.open(sock)) {
        UdsResponse r = c.send(new RequestHead("POST", "/call", new HttpHeaders()),
            new ByteArrayInputStream(payload), knownLength ? payload.length : -1, HttpWire.DEFAULT_HEAD_LIMIT);
        assertThat(r.status()).isEqualTo(200);
        byte[] back = r.readAll();
        assertThat(back.length).isEqualTo(payload.length);
        assertThat(Arrays.equals(back, payload)).isTrue();
        assertThat(r.finish()).as("the whole body went out, so the connection is reusable").isTrue();
      }
      echo.join();
    }
  }

  @Test
  void aFailingBodySourceEndsTheExchangeInsteadOfHanging() throws Exception {
    Path sock = dir.resolve("wait.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      Thread.ofVirtual().start(() -> {
        try (SocketChannel s = server.accept()) {
          Channels.newInputStream(s).transferTo(OutputStream.nullOutputStream()); // never answers
        } catch (Exception ignored) {
          // the client went away
        }
      });
      InputStream failing = new InputStream() {
        private int calls;

        @Override
        public int read() {
          throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
          if (calls++ < 10) {
            Arrays.fill(b, off, off + len, (byte) 'x');
            return len;
          }
          throw new java.io.IOException("client went away");
        }
      };
      try (UdsConnection c = UdsConnection.open(sock)) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.send(
                new RequestHead("POST", "/call", new HttpHeaders()), failing, -1, HttpWire.DEFAULT_HEAD_LIMIT))
            .hasMessage("client went away");
      }
    }
  }

  /** Reads a request with a fixed or chunked body and streams each piece straight back, chunked. */
  private static void echoOnce(ServerSocketChannel server) {
    try (SocketChannel s = server.accept()) {
      WireInput in = new WireInput(Channels.newInputStream(s));
      RequestHead head = HttpWire.readRequestHead(in, HttpWire.DEFAULT_HEAD_LIMIT);
      BodyInputStream body = BodyInputStream.of(in, head.headers(), false);
      OutputStream raw = Channels.newOutputStream(s);
      raw.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
      ChunkedOutputStream out = new ChunkedOutputStream(raw);
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = body.read(buf)) > 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      out.close();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
