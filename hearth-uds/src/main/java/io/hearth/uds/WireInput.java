package io.hearth.uds;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A buffered input stream for HTTP/1.1: reads message-head lines with a size budget and hands body
 * bytes straight through. Not thread-safe: one connection, one reader.
 *
 * <p>The buffer is borrowed from {@link BufferPool#shared()} at the first read that needs one and
 * held until {@link #release()} gives it back with nothing left in it (a connection does at the end
 * of each exchange), so an idle kept-alive connection holds none. After {@link #releaseWhenDrained()}
 * (a stream that sits waiting for bytes for long: an upgraded connection carrying a container's
 * output) it goes back whenever it is empty, and a read that finds it empty goes straight into the
 * caller's array: whoever blocks there waits without a buffer of this stream's.
 */
public final class WireInput extends InputStream {
  private static final int BUFFER = BufferPool.SHARED_SIZE;
  /**
   * Largest read handed straight to the stream: the JDK's socket channel streams read through a
   * temporary direct buffer of the size asked for and cache it per carrier thread, so one read into
   * a 10 MB array would allocate, and keep, 10 MB of native memory. The JDK's NioSocketImpl uses the
   * same bound.
   */
  private static final int DIRECT_READ_LIMIT = 128 * 1024;

  private final InputStream in;
  private final BufferPool pool = BufferPool.shared();
  private byte[] buf; // borrowed from the pool while bytes may be buffered; null when given back
  private int pos;
  private int end;
  private boolean lean; // give the buffer back whenever it is empty; read straight into the caller's array

  public WireInput(InputStream in) {
    this.in = in;
  }

  /** Whether bytes are already buffered (the peer sent more than was read so far). */
  public boolean hasBuffered() {
    return pos < end;
  }

  /**
   * Gives the buffer back to the pool when nothing is buffered; returns whether none is held now.
   * The next read that needs one borrows one again.
   */
  public boolean release() {
    if (pos < end) {
      return false;
    }
    if (buf != null) {
      pool.release(buf);
      buf = null;
    }
    pos = 0;
    end = 0;
    return true;
  }

  /**
   * From now on the buffer goes back whenever it is empty, and reads that find it empty go straight
   * into the caller's array: for a stream that waits long for each piece and never carries HTTP
   * heads again. Bytes buffered now are read first.
   */
  public void releaseWhenDrained() {
    lean = true;
    release();
  }

  /** Whether a buffer is held now; for tests. */
  boolean holdsBuffer() {
    return buf != null;
  }

  private boolean fill() throws IOException {
    pos = 0;
    end = 0;
    if (buf == null) {
      buf = pool.take();
    }
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
    int b = buf[pos++] & 0xFF;
    if (lean && pos == end) {
      release();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == end) {
      if (len >= BUFFER || lean) {
        return in.read(b, off, Math.min(len, DIRECT_READ_LIMIT)); // large (or lean) reads skip the buffer
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, end - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    if (lean && pos == end) {
      release();
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return end - pos;
  }

  /** Whether the bytes already buffered begin with {@code prefix}; never reads. */
  public boolean buffersPrefix(byte[] prefix) {
    return end - pos >= prefix.length && Arrays.equals(buf, pos, pos + prefix.length, prefix, 0, prefix.length);
  }

  /**
   * Reads one line ending in CRLF (a bare LF is accepted), without the line end, as ISO-8859-1.
   *
   * @param budget the most bytes the line may take, line end included
   * @param headLimit the limit to name in the error (the whole head's, of which budget is the rest)
   * @return the line, or null at end of stream before any byte
   * @throws HttpProtocolException.HeadTooLarge when the line exceeds the budget
   */
  public String readLine(int budget, int headLimit) throws IOException {
    if (pos == end && !fill()) {
      return null;
    }
    int lf = indexOfLf(pos);
    if (lf >= 0) { // the common case: the whole line is buffered, one String and nothing else
      if (lf - pos + 1 > budget) {
        throw new HttpProtocolException.HeadTooLarge(headLimit);
      }
      int len = lf > pos && buf[lf - 1] == '\r' ? lf - pos - 1 : lf - pos;
      String line = new String(buf, pos, len, StandardCharsets.ISO_8859_1);
      pos = lf + 1;
      return line;
    }
    return readSplitLine(budget, headLimit);
  }

  /** A line that spans more than one read from the stream. */
  private String readSplitLine(int budget, int headLimit) throws IOException {
    StringBuilder line = new StringBuilder(Math.max(2 * (end - pos), 64));
    int used = 0;
    while (true) {
      int lf = indexOfLf(pos);
      int stop = lf >= 0 ? lf : end;
      used += stop - pos;
      if (used + 1 > budget) {
        throw new HttpProtocolException.HeadTooLarge(headLimit);
      }
      for (int i = pos; i < stop; i++) {
        line.append((char) (buf[i] & 0xFF)); // ISO-8859-1: each byte is the char of that code
      }
      pos = stop;
      if (lf >= 0) {
        pos++;
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
          line.setLength(len - 1);
        }
        return line.toString();
      }
      if (!fill()) {
        throw new EOFException("connection closed in the middle of a message head");
      }
    }
  }

  private int indexOfLf(int from) {
    for (int i = from; i < end; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
