package io.hearth.uds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Copies a request body to a connection on a virtual thread of its own, so the response can be read
 * while the request is still being written: a peer that answers as it reads (an echo) would
 * otherwise fill both directions' buffers and stall with us. Records whether the source (the body
 * being forwarded, or its declared length) or the sink (the connection) failed; a local failure
 * calls {@code onSourceFailure} so that a reader waiting for the response is woken.
 *
 * <p>Threads: the pump's fields are written by its own thread and read by others after
 * {@link #await}.
 */
final class BodyPump {
  private static final int BUFFER = 16 * 1024;

  private final CountDownLatch done = new CountDownLatch(1);
  private volatile IOException sourceFailure;
  private volatile IOException sinkFailure;

  private BodyPump() {}

  /**
   * @param framed the body framing over the connection (fixed length or chunked); closed at the end
   * @param raw    the connection's stream, flushed at the end
   */
  static BodyPump start(InputStream source, OutputStream framed, ChannelOutput raw, Runnable onSourceFailure) {
    BodyPump pump = new BodyPump();
    Thread.ofVirtual().name("uds-body-pump").start(() -> pump.run(source, framed, raw, onSourceFailure));
    return pump;
  }

  private void run(InputStream source, OutputStream framed, ChannelOutput raw, Runnable onSourceFailure) {
    try {
      byte[] buf = new byte[BUFFER];
      while (true) {
        int n;
        try {
          n = source.read(buf);
        } catch (IOException e) {
          sourceFailure = e;
          onSourceFailure.run();
          return;
        }
        if (n < 0) {
          break;
        }
        try {
          framed.write(buf, 0, n);
          raw.flush(); // forward what arrived now: the source may be a slow client
        } catch (IOException e) {
          failed(e, raw, onSourceFailure);
          return;
        }
      }
      try {
        framed.close();
        raw.flush();
      } catch (IOException e) {
        failed(e, raw, onSourceFailure);
      }
    } finally {
      done.countDown();
    }
  }

  /** A write failed: on the socket (the peer closed), or here (the body broke its declared length). */
  private void failed(IOException e, ChannelOutput raw, Runnable onLocalFailure) {
    if (raw.failure() != null) {
      sinkFailure = e;
    } else {
      sourceFailure = e;
      onLocalFailure.run();
    }
  }

  /** Waits up to {@code timeout}; true when the whole body was written. */
  boolean await(Duration timeout) {
    try {
      return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && sourceFailure == null && sinkFailure == null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits up to {@code timeout} for the pump to stop, whether it wrote the whole body or failed;
   * true when it did. Its writes to the connection are then all seen by the caller.
   */
  boolean awaitStopped(Duration timeout) {
    try {
      return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Why the body failed on this side (its source threw, or it broke its length), or null. */
  IOException localFailure() {
    return sourceFailure;
  }
}
