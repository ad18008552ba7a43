package io.hearth.agent;

import io.hearth.core.call.CallRequest;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a client's request body through, failing once it exceeds a limit, and tells apart a
 * failure to read from the client (the client went away) from failures further along.
 */
final class LimitedInputStream extends FilterInputStream {
  /** The request body was larger than allowed. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("request body larger than " + limit + " bytes");
    }
  }

  /** Reading the client's body failed. */
  static final class ClientFailed extends IOException {
    ClientFailed(IOException cause) {
      super("reading the request body failed: " + cause.getMessage(), cause);
    }
  }

  private final long limit;
  private long read;

  /**
   * The request with its body read whole into memory, up to {@code limit} bytes (0: no limit).
   *
   * @throws TooLarge when the body is larger
   * @throws IOException when reading from the client failed
   */
  static CallRequest held(CallRequest request, long limit) throws IOException {
    byte[] body;
    try (InputStream in = new LimitedInputStream(request.body(), limit)) {
      body = in.readAllBytes();
    }
    return new CallRequest(request.callId(), request.app(), request.fn(), request.headers(),
        new ByteArrayInputStream(body), body.length);
  }

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      throw new ClientFailed(e);
    }
    if (n > 0) {
      read += n;
      if (read > limit) {
        throw new TooLarge(limit);
      }
    }
    return n;
  }
}
