package io.hearth.agent;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A few reusable byte buffers for reading a container's answer: a call borrows one while it reads
 * and gives it back once the bytes it keeps are copied out, so a warm call does not allocate (and
 * zero) 16 KiB it mostly leaves unused. Bounded: at most {@code kept} buffers wait here, whatever the
 * number of containers; a call that finds none makes one, and one given back to a full pool is
 * dropped.
 *
 * <p>Thread-safe: the queue is the only state.
 */
final class CopyBuffers {
  private final int size;
  private final ArrayBlockingQueue<byte[]> free;

  CopyBuffers(int size, int kept) {
    this.size = size;
    this.free = new ArrayBlockingQueue<>(kept);
  }

  /** A buffer of {@code size} bytes, its content undefined; give it back with {@link #release}. */
  byte[] take() {
    byte[] b = free.poll();
    return b != null ? b : new byte[size];
  }

  /** Gives a buffer back; the caller must not touch it afterwards. */
  void release(byte[] buffer) {
    if (buffer != null && buffer.length == size) {
      free.offer(buffer);
    }
  }
}
