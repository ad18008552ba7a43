package io.hearth.uds;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Buffered writes to a blocking socket channel, for one connection's requests.
 *
 * <p>Two things the JDK's {@code Channels.newOutputStream} plus {@code BufferedOutputStream} do not
 * give. It remembers whether the socket itself failed, so the connection can tell a peer that
 * closed early (whose response is still worth reading) from a local failure such as a body source
 * that threw. And a write that overflows the buffer goes out together with what is buffered, in one
 * gathering write: a chunk's size line and its data, or a head and the start of its body, take one
 * system call where {@code BufferedOutputStream} makes two (it flushes the small buffered part, then
 * writes the large one). Large writes go to the channel in slices of at most {@link #SLICE} bytes,
 * as the JDK's own socket streams do, because each channel write copies through a temporary direct
 * buffer of the size asked for.
 *
 * <p>Not thread-safe: owned by the thread driving the connection's exchange, or, while a request
 * body is pumped, by the {@link BodyPump}'s thread; {@code failure} is volatile so the exchange's
 * thread can read it.
 */
final class ChannelOutput extends OutputStream {
  /** Largest write handed to the channel; the bound the JDK's NioSocketImpl uses, for the same reason. */
  private static final int SLICE = 128 * 1024;

  private final SocketChannel channel;
  private final BufferPool pool = BufferPool.shared();
  /**
   * Enough for any request head plus a small body, sent with one system call on flush: borrowed
   * from the pool at the first write, given back once a flush has emptied it, so an idle
   * connection holds none. Null while none is held.
   */
  private ByteBuffer buf;
  private final ByteBuffer[] pair = new ByteBuffer[2];
  private volatile IOException failure;
  /** Bytes the socket accepted, ever; written by the writing thread before {@code failure}. */
  private long accepted;

  ChannelOutput(SocketChannel channel) {
    this.channel = channel;
  }

  /** The exception the socket threw on a write, or null while writes succeed. */
  IOException failure() {
    return failure;
  }

  /**
   * How many bytes the socket has accepted so far: read by another thread only after it saw
   * {@link #failure()} set (the volatile write publishes it), or by the writing thread itself.
   */
  long accepted() {
    return accepted;
  }

  @Override
  public void write(int b) throws IOException {
    borrow();
    if (!buf.hasRemaining()) {
      flush();
    }
    buf.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    borrow();
    while (len > buf.remaining()) {
      int n = Math.min(len, SLICE);
      buf.flip();
      try {
        writeFully(buf, ByteBuffer.wrap(b, off, n));
      } finally {
        buf.clear();
      }
      off += n;
      len -= n;
    }
    buf.put(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    if (buf == null) {
      return;
    }
    if (buf.position() > 0) {
      buf.flip();
      try {
        writeFully(buf, null);
      } finally {
        buf.clear();
      }
    }
    pool.release(buf.array());
    buf = null;
  }

  private void borrow() {
    if (buf == null) {
      buf = ByteBuffer.wrap(pool.take());
    }
  }

  /** Whether a buffer is held now; for tests. */
  boolean holdsBuffer() {
    return buf != null;
  }

  /** Writes {@code a} then {@code b} (if any) completely, with gathering writes. */
  private void writeFully(ByteBuffer a, ByteBuffer b) throws IOException {
    try {
      if (b == null) {
        while (a.hasRemaining()) {
          checkProgress(channel.write(a));
        }
        return;
      }
      pair[0] = a;
      pair[1] = b;
      while (b.hasRemaining()) { // a drains first
        checkProgress(channel.write(pair));
      }
    } catch (IOException e) {
      failure = e;
      throw e;
    } finally {
      pair[0] = null;
      pair[1] = null;
    }
  }

  private void checkProgress(long written) {
    accepted += written;
    if (written == 0 && !channel.isBlocking()) {
      // isUsable() switched the channel to non-blocking on another thread: a caller's bug
      throw new IllegalStateException("connection written while isUsable() probed it from another thread");
    }
  }

  /** Does not close the channel: the connection owns it. */
  @Override
  public void close() {}
}
