package io.hearth.server.leases;

import io.hearth.protocol.LeaseExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A 200 answer that is opened only when its first byte is written (or at close, for an empty one),
 * so that a failure found before anything was written can still be answered as an error. When
 * following, every write is flushed at once: a client reading a log as it grows sees each line.
 * Used by one thread.
 */
final class LazyStream extends OutputStream {
  private final LeaseExchange.Reply reply;
  private final String contentType;
  private final boolean flushEach;
  private OutputStream out;
  private boolean closed;

  LazyStream(LeaseExchange.Reply reply, String contentType, boolean flushEach) {
    this.reply = reply;
    this.contentType = contentType;
    this.flushEach = flushEach;
  }

  boolean opened() {
    return out != null;
  }

  private OutputStream out() throws IOException {
    if (closed) {
      throw new IOException("the answer is closed");
    }
    if (out == null) {
      out = reply.open(200, contentType);
    }
    return out;
  }

  @Override
  public void write(int b) throws IOException {
    out().write(b);
    if (flushEach) {
      out.flush();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    out().write(b, off, len);
    if (flushEach) {
      out.flush();
    }
  }

  @Override
  public void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    out().close();
    closed = true;
  }
}
