package io.hearth.runner;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A call's request body as the agent reads it, fed by the frames arriving on the call's stream.
 * Flow-controlled: it asks the stream for one more frame each time it hands one out, so at most
 * the initial window of frames waits here. Its first read tells the runner that the call is
 * committed (the agent reads a body only once a container is the call's).
 *
 * <p>Threads: the stream's callbacks feed it; the agent's thread reads it. {@link #lock} guards
 * {@code chunks}, {@code ended} and {@code failure}; {@code current} and {@code position} belong
 * to the reader.
 */
final class InboundBody extends InputStream {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private final Runnable requestOne;
  private boolean ended;
  private IOException failure;
  private byte[] current;
  private int position;

  /** @param requestOne asks the stream for one more message */
  InboundBody(Runnable requestOne) {
    this.requestOne = requestOne;
  }

  void offer(byte[] chunk) {
    lock.lock();
    try {
      chunks.addLast(chunk);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void end() {
    lock.lock();
    try {
      ended = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The stream broke: reads fail with {@code e} once the frames already here are read. */
  void fail(IOException e) {
    lock.lock();
    try {
      if (!ended && failure == null) {
        failure = e;
      }
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || position == current.length) {
      if (!nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  private boolean nextChunk() throws IOException {
    lock.lock();
    try {
      while (chunks.isEmpty()) {
        if (ended) {
          return false;
        }
        if (failure != null) {
          throw failure;
        }
        arrived.awaitUninterruptibly();
      }
      current = chunks.pollFirst();
      position = 0;
    } finally {
      lock.unlock();
    }
    requestOne.run();
    return true;
  }
}
