package io.hearth.fdk;

import io.hearth.uds.BodyInputStream;
import io.hearth.uds.ChunkedOutputStream;
import io.hearth.uds.ResponseHead;
import io.hearth.uds.WireInput;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test fixture, shared with hearth-samples through this module's test-jar: builds calls as the agent
 * sends them and sends them over a connection.
 */
public final class Calls {
  public static final String DEADLINE = "2030-01-02T03:04:05.678Z";

  private Calls() {}

  /** A {@code POST /call} head with the two headers Fn's agent always sends. */
  public static RequestHead call(String callId) {
    return new RequestHead("POST", "/call", new HttpHeaders()
        .add("Fn-Call-Id", callId)
        .add("Fn-Deadline", DEADLINE));
  }

  public static UdsResponse send(UdsConnection c, RequestHead head, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return c.send(head, new ByteArrayInputStream(bytes), bytes.length, HttpWire.DEFAULT_HEAD_LIMIT);
  }

  public static UdsResponse sendChunked(UdsConnection c, RequestHead head, InputStream body) throws IOException {
    return c.send(head, body, -1, HttpWire.DEFAULT_HEAD_LIMIT);
  }

  /** Reads the whole (small) body as UTF-8 and closes the response. */
  public static String text(UdsResponse response) throws IOException {
    try (response) {
      return new String(response.readAll(), StandardCharsets.UTF_8);
    }
  }

  /** A stream of {@code length} bytes of the alphabet repeated, generated as it is read. */
  public static InputStream pattern(long length) {
    return new InputStream() {
      private long pos;

      @Override
      public int read() {
        return pos < length ? 'a' + (int) (pos++ % 26) : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= length) {
          return -1;
        }
        int n = (int) Math.min(len, length - pos);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) ('a' + (int) (pos++ % 26));
        }
        return n;
      }
    };
  }

  /** Reads a stream to its end checking it is the alphabet pattern; returns its length. */
  public static long checkPattern(InputStream in) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long pos = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++, pos++) {
        if (buf[i] != 'a' + (int) (pos % 26)) {
          throw new AssertionError("byte " + pos + " is '" + (char) buf[i] + "'");
        }
      }
    }
    return pos;
  }
  /** Sends a small body on a fresh call. */
  public static UdsResponse send(UdsConnection c, String body) throws IOException {
    return send(c, call("c"), body);
  }

  /**
   * Sends {@code firstLine + "\n" + payload} chunked while reading the answer at the same time, as
   * Go's transport (Fn's agent) does, so that a function answering while it still reads (echo)
   * cannot deadlock. Returns what {@code readBody} makes of the answer's body.
   */
  public static long duplex(Path listener, String firstLine, InputStream payload, ToLongFunction<InputStream> readBody)
      throws Exception {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(listener))) {
      CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
        try {
          OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024);
          RequestHead head = call("duplex");
          head.headers().add("Transfer-Encoding", "chunked");
          HttpWire.writeRequestHead(raw, head);
          OutputStream body = new ChunkedOutputStream(raw);
          new SequenceInputStream(new ByteArrayInputStream((firstLine + "\n").getBytes(StandardCharsets.UTF_8)),
              payload).transferTo(body);
          body.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, runnable -> Thread.ofVirtual().start(runnable));
      WireInput in = new WireInput(Channels.newInputStream(channel));
      ResponseHead head = HttpWire.readResponseHead(in, HttpWire.DEFAULT_HEAD_LIMIT);
      if (head.status() != 200) {
        throw new AssertionError("status " + head.status());
      }
      long result = readBody.applyAsLong(BodyInputStream.of(in, head.headers(), true));
      sender.get();
      return result;
    }
  }
}
