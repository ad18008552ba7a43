package io.hearth.fdk;

import io.hearth.uds.BodyInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as a handler sees it: streams from the connection, and stops working once the
 * call is over (the connection has moved on to the next request by then). Closing it does not close
 * the connection; unread bytes are drained by the connection. Owned by the connection's thread.
 */
final class CallBody extends InputStream {
  private final BodyInputStream body;
  private final byte[] one = new byte[1];
  private boolean ended;

  CallBody(BodyInputStream body) {
    this.body = body;
  }

  void end() {
    ended = true;
  }

  private void check() throws IOException {
    if (ended) {
      throw new IOException("the call is over: its request body can no longer be read");
    }
  }

  @Override
  public int read() throws IOException {
    check();
    int n = body.read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    return body.read(b, off, len);
  }

  @Override
  public int available() throws IOException {
    return ended ? 0 : body.available();
  }
}
