package io.hearth.server.cluster;

import io.hearth.protocol.LeaseExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A reply kept whole in memory, to be looked at before it is passed on (an offers answer to merge,
 * an accept that may be retried elsewhere). Bounded: a runner's answer to these is small JSON.
 * Used by one thread.
 */
final class BufferedReply implements LeaseExchange.Reply {
  /** Far more than an offer or an alloc; a bound against a runner gone wrong. */
  static final int MAX = 4 << 20;

  int status;
  String contentType = "application/json";
  Map<String, String> headers = Map.of();
  final ByteArrayOutputStream body = new ByteArrayOutputStream();

  @Override
  public OutputStream open(int status, String contentType) {
    return open(status, contentType, Map.of());
  }

  @Override
  public OutputStream open(int status, String contentType, Map<String, String> headers) {
    this.status = status;
    this.contentType = contentType;
    this.headers = Map.copyOf(headers);
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (body.size() + len > MAX) {
          throw new IOException("the runner's answer is larger than " + MAX + " bytes");
        }
        body.write(b, off, len);
      }
    };
  }

  /** Passes this answer on. */
  void copyTo(LeaseExchange.Reply reply) throws IOException {
    try (OutputStream out = reply.open(status, contentType, headers)) {
      body.writeTo(out);
    }
  }
}
