package io.hearth.uds;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes a body in chunked transfer coding, one chunk per write. {@link #close()} writes the last
 * chunk and flushes but leaves the underlying stream open. Not thread-safe.
 */
public final class ChunkedOutputStream extends FilterOutputStream {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  /** The size line of the chunk being written: up to 8 hex digits and CRLF, reused per chunk. */
  private final byte[] sizeLine = new byte[10];
  private byte[] one; // for write(int), made on first use
  private boolean closed;

  public ChunkedOutputStream(OutputStream out) {
    super(out);
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
    Objects.checkFromIndexSize(off, len, b.length); // before the size line goes out
    if (closed) {
      throw new IOException("body already finished");
    }
    if (len == 0) {
      return; // an empty chunk would end the body
    }
    int start = sizeLine.length - 2;
    for (int v = len; v != 0; v >>>= 4) {
      sizeLine[--start] = HEX[v & 0xF];
    }
    sizeLine[sizeLine.length - 2] = '\r';
    sizeLine[sizeLine.length - 1] = '\n';
    out.write(sizeLine, start, sizeLine.length - start);
    out.write(b, off, len);
    out.write(CRLF);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.write(LAST);
      out.flush();
    }
  }
}
