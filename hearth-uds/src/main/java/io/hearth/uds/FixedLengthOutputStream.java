package io.hearth.uds;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a body of a declared Content-Length; refuses to write more, and {@link #close()} fails
 * when fewer bytes were written. Leaves the underlying stream open. Not thread-safe.
 */
public final class FixedLengthOutputStream extends FilterOutputStream {
  private long remaining;
  private byte[] one; // for write(int), made on first use
  private boolean closed;

  public FixedLengthOutputStream(OutputStream out, long length) {
    super(out);
    if (length < 0) {
      throw new IllegalArgumentException("Content-Length cannot be negative: " + length);
    }
    this.remaining = length;
  }

  @Override
  public void write(int b) throws IOException {
    if (one == null) {
      one = new byte[1];
    }
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len > remaining) {
      throw new IOException("body longer than its declared Content-Length");
    }
    out.write(b, off, len);
    remaining -= len;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.flush();
      if (remaining != 0) {
        throw new IOException("body ended " + remaining + " bytes short of its declared Content-Length");
      }
    }
  }
}
