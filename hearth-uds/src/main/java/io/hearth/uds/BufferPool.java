package io.hearth.uds;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A few reusable byte arrays of one size, borrowed while bytes pass through and given back after:
 * a connection holds its read and write buffers only during an exchange, and a container's output
 * follower only while a frame passes, so that a node with many idle connections (one per warm
 * container, and one more for its output) keeps no buffer per connection, and a warm call neither
 * allocates nor zeroes one. Bounded: at most {@code kept} arrays wait here, whatever the number of
 * connections; a borrower that finds none makes one, and one given back to a full pool is dropped.
 *
 * <p>Thread-safe: the queue is the only state.
 */
public final class BufferPool {
  /** The size of the {@link #shared()} pool's arrays: a request head and small body, a read of the wire. */
  public static final int SHARED_SIZE = 16 * 1024;
  /**
   * About the exchanges a node runs at once on a few cores, twice over (a read and a write buffer
   * each): 1 MiB at most kept for reuse.
   */
  private static final int SHARED_KEPT = 64;
  private static final BufferPool SHARED = new BufferPool(SHARED_SIZE, SHARED_KEPT);

  private final int size;
  private final ArrayBlockingQueue<byte[]> free;

  public BufferPool(int size, int kept) {
    if (size <= 0 || kept <= 0) {
      throw new IllegalArgumentException("buffer size and the number kept must be positive");
    }
    this.size = size;
    this.free = new ArrayBlockingQueue<>(kept);
  }

  /** The process's pool of {@value #SHARED_SIZE}-byte arrays, which the connections here use. */
  public static BufferPool shared() {
    return SHARED;
  }

  /** The size of every array it hands out. */
  public int size() {
    return size;
  }

  /** An array of {@link #size()} bytes, its content undefined; give it back with {@link #release}. */
  public byte[] take() {
    byte[] b = free.poll();
    return b != null ? b : new byte[size];
  }

  /** Gives an array back (null and arrays of another size are ignored); the caller must not touch it afterwards. */
  public void release(byte[] buffer) {
    if (buffer != null && buffer.length == size) {
      free.offer(buffer);
    }
  }

  /** Arrays waiting to be borrowed; for tests. */
  int idle() {
    return free.size();
  }
}
