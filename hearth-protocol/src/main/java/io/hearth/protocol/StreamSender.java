package io.hearth.protocol;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Sends messages on one side of a gRPC stream from any thread, one at a time: a gRPC call object
 * is not thread-safe, and its {@code isReady} is the only back-pressure it gives, so a large body
 * waits here for the peer to read instead of piling up in memory.
 *
 * <p>Threads: {@link #lock} guards the call object (every use of it goes through {@link #locked})
 * and {@code closed}. The stream's callbacks call {@link #ready} and {@link #closed}.
 */
public final class StreamSender<T> {
  /** How often a waiting sender re-checks readiness, in case a ready callback was missed. */
  private static final Duration RECHECK = Duration.ofMillis(200);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final BooleanSupplier isReady;
  private final Consumer<T> send;
  private String closed;

  /**
   * @param isReady the call's {@code isReady}
   * @param send    the call's {@code sendMessage}
   */
  public StreamSender(BooleanSupplier isReady, Consumer<T> send) {
    this.isReady = isReady;
    this.send = send;
  }

  /** Sends at once (a small message), unless the stream has ended. */
  public boolean send(T message) {
    lock.lock();
    try {
      if (closed != null) {
        return false;
      }
      send.accept(message);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the peer can take more, then sends; fails when the stream ends first. */
  public void sendWhenReady(T message) throws IOException {
    lock.lock();
    try {
      while (closed == null && !isReady.getAsBoolean()) {
        ready.await(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (closed != null) {
        throw new IOException(closed);
      }
      send.accept(message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending", e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs an operation on the call object under the lock (request, close, cancel...). */
  public void locked(Runnable operation) {
    lock.lock();
    try {
      operation.run();
    } finally {
      lock.unlock();
    }
  }

  /** The peer can take more messages. */
  public void ready() {
    lock.lock();
    try {
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The stream ended: senders stop, saying why. Idempotent; the first reason stays. */
  public void closed(String why) {
    lock.lock();
    try {
      if (closed == null) {
        closed = why;
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isClosed() {
    lock.lock();
    try {
      return closed != null;
    } finally {
      lock.unlock();
    }
  }
}
