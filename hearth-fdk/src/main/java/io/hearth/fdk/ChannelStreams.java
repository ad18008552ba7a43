package io.hearth.fdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Streams over a connection's socket channel that hand the channel at most {@link #SLICE} bytes
 * per call. The JDK copies each heap-buffer channel read or write through a temporary direct buffer
 * of the size asked for, and on a virtual thread a large write goes out in partial writes, each
 * copying the whole rest again: one 10 MB write would take a 10 MB native buffer (in a 128 MB
 * container) and copy O(n^2) bytes. Slicing bounds both. Stateless beyond the channel; each
 * stream is owned by its connection's thread.
 */
final class ChannelStreams {
  /** Largest read or write handed to the channel: bounds the JDK's temporary direct buffers. */
  static final int SLICE = 64 * 1024;

  private ChannelStreams() {}

  static InputStream input(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        int n;
        do { // a blocking channel returns 0 only when asked for nothing, but be safe
          n = channel.read(ByteBuffer.wrap(b, off, Math.min(len, SLICE)));
        } while (n == 0);
        return n;
      }
    };
  }

  static OutputStream output(SocketChannel channel) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
          ByteBuffer slice = ByteBuffer.wrap(b, off, Math.min(len, SLICE));
          int n = slice.remaining();
          while (slice.hasRemaining()) {
            channel.write(slice);
          }
          off += n;
          len -= n;
        }
      }
    };
  }
}
