package io.hearth.uds;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Input streams and byte helpers for codec tests. */
final class TestStreams {
  private TestStreams() {}

  static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** A wire over these bytes, delivered all at once. */
  static WireInput wire(String raw) {
    return new WireInput(new ByteArrayInputStream(latin1(raw)));
  }

  /** A wire over these bytes, delivered one byte per read, as a slow peer would. */
  static WireInput trickle(String raw) {
    return new WireInput(new Trickle(latin1(raw)));
  }

  /** Deterministic pseudo-random bytes, so a large body can be checked byte for byte. */
  static byte[] pattern(int size, long seed) {
    byte[] b = new byte[size];
    long x = seed | 1;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = (byte) x;
    }
    return b;
  }

  /** Returns at most {@code most} bytes per read. */
  static final class Chunky extends InputStream {
    private final byte[] data;
    private final int most;
    private int pos;

    Chunky(byte[] data, int most) {
      this.data = data;
      this.most = most;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos == data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, most), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** Returns at most one byte per read. */
  static final class Trickle extends InputStream {
    private final byte[] data;
    private int pos;
    int reads;

    Trickle(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      reads++;
      return pos < data.length ? data[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int c = read();
      if (c < 0) {
        return -1;
      }
      b[off] = (byte) c;
      return 1;
    }
  }

  /** A body of {@code size} pattern bytes produced as it is read, never held in memory whole. */
  static InputStream generated(int size, long seed) {
    byte[] all = pattern(size, seed);
    return new InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < all.length ? all[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos == all.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, 5000), all.length - pos); // odd sizes on purpose
        System.arraycopy(all, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

}
