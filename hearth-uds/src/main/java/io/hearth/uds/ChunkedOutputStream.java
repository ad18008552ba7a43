package io.hearth.uds;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a body in chunked transfer coding, one chunk per write. {@link #close()} writes the last
 * chunk and flushes but leaves the underlying stream open.
 */
public final class ChunkedOutputStream extends FilterOutputStream {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private boolean closed;

  public ChunkedOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("body already finished");
    }
    if (len == 0) {
      return; // an empty chunk would end the body
    }
    out.write(Integer.toHexString(len).getBytes(StandardCharsets.ISO_8859_1));
    out.write(CRLF);
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
