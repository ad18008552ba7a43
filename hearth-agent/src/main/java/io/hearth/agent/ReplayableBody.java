package io.hearth.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * A request body that keeps the first bytes read from it, so that a call whose container refused
 * it before taking any byte can be sent again: the socket client reads some of the body into its
 * buffer before its first write fails (at most its 16 KiB buffer and one 16 KiB read), and those
 * bytes are gone from the client's stream. Past {@link #LIMIT} bytes it keeps nothing and cannot
 * be replayed.
 *
 * <p>Not thread-safe: read by the thread sending the call (or the socket client's body pump), and
 * replayed by the call's thread after the exchange ended.
 */
final class ReplayableBody extends InputStream {
  /** Comfortably more than the socket client can read before its first write (about 32 KiB). */
  static final int LIMIT = 64 * 1024;
  /** The first buffer holds a body of known length up to this, or the first read of any other. */
  private static final int FIRST = 16 * 1024;

  private final InputStream in;
  private final long length;
  private byte[] kept;
  private int count;
  private boolean overflowed;

  /** @param length the body's declared length, or -1 when unknown: sizes the first buffer */
  ReplayableBody(InputStream in, long length) {
    this.in = in;
    this.length = length;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      keep(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      keep(b, off, n);
    }
    return n;
  }

  private void keep(byte[] b, int off, int n) {
    if (overflowed) {
      return;
    }
    if (count + n > LIMIT) {
      overflowed = true;
      kept = null;
      return;
    }
    if (kept == null) {
      kept = new byte[(int) Math.max(n, length > 0 ? Math.min(length, FIRST) : n)];
    } else if (count + n > kept.length) {
      kept = Arrays.copyOf(kept, Math.min(LIMIT, Math.max(count + n, kept.length * 2)));
    }
    System.arraycopy(b, off, kept, count, n);
    count += n;
  }

  /**
   * The whole body again — what was read so far, then the rest of the client's stream — or null
   * when more than {@link #LIMIT} bytes were read. This stream must not be read after.
   */
  InputStream replay() {
    if (overflowed) {
      return null;
    }
    return count == 0 ? in : new SequenceInputStream(new ByteArrayInputStream(kept, 0, count), in);
  }
}
