package io.hearth.uds;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered input stream for HTTP/1.1: reads message-head lines with a size budget and hands body
 * bytes straight through. Not thread-safe: one connection, one reader.
 */
public final class WireInput extends InputStream {
  private static final int BUFFER = 16 * 1024;

  private final InputStream in;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int end;

  public WireInput(InputStream in) {
    this.in = in;
  }

  /** Whether bytes are already buffered (the peer sent more than was read so far). */
  public boolean hasBuffered() {
    return pos < end;
  }

  private boolean fill() throws IOException {
    pos = 0;
    end = 0;
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    end = n;
    return true;
  }

  @Override
  public int read() throws IOException {
    if (pos == end && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == end) {
      if (len >= buf.length) {
        return in.read(b, off, len); // large reads skip the buffer
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, end - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return end - pos;
  }

  /**
   * Reads one line ending in CRLF (a bare LF is accepted), without the line end, as ISO-8859-1.
   *
   * @param budget the most bytes the line may take, line end included
   * @return the line, or null at end of stream before any byte
   * @throws HttpProtocolException.HeadTooLarge when the line exceeds the budget
   */
  public String readLine(int budget, int headLimit) throws IOException {
    StringBuilder line = null;
    int used = 0;
    while (true) {
      if (pos == end && !fill()) {
        if (line == null && used == 0) {
          return null;
        }
        throw new EOFException("connection closed in the middle of a message head");
      }
      int start = pos;
      while (pos < end && buf[pos] != '\n') {
        pos++;
      }
      int count = pos - start;
      used += count;
      if (used + 1 > budget) {
        throw new HttpProtocolException.HeadTooLarge(headLimit);
      }
      if (line == null) {
        line = new StringBuilder(Math.max(count, 16));
      }
      line.append(new String(buf, start, count, StandardCharsets.ISO_8859_1));
      if (pos < end) { // found LF
        pos++;
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
          line.setLength(len - 1);
        }
        return line.toString();
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
