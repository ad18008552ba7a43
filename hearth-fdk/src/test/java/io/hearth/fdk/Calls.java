package io.hearth.fdk;

import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test fixture: builds calls as the agent sends them and sends them over a connection. */
final class Calls {
  static final String DEADLINE = "2030-01-02T03:04:05.678Z";

  private Calls() {}

  /** A {@code POST /call} head with the two headers Fn's agent always sends. */
  static RequestHead call(String callId) {
    return new RequestHead("POST", "/call", new HttpHeaders()
        .add("Fn-Call-Id", callId)
        .add("Fn-Deadline", DEADLINE));
  }

  static UdsResponse send(UdsConnection c, RequestHead head, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return c.send(head, new ByteArrayInputStream(bytes), bytes.length, HttpWire.DEFAULT_HEAD_LIMIT);
  }

  static UdsResponse sendChunked(UdsConnection c, RequestHead head, InputStream body) throws IOException {
    return c.send(head, body, -1, HttpWire.DEFAULT_HEAD_LIMIT);
  }

  /** Reads the whole (small) body as UTF-8 and closes the response. */
  static String text(UdsResponse response) throws IOException {
    try (response) {
      return new String(response.readAll(), StandardCharsets.UTF_8);
    }
  }

  /** A stream of {@code length} bytes of the alphabet repeated, generated as it is read. */
  static InputStream pattern(long length) {
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
  static long checkPattern(InputStream in) throws IOException {
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
}
