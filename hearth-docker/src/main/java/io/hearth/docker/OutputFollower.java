package io.hearth.docker;

import io.hearth.core.driver.DriverException;
import io.hearth.core.driver.DriverException.Kind;
import io.hearth.uds.BufferPool;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one container's stdout and stderr over an attach connection ({@code POST
 * /containers/{id}/attach?stream=1&stdout=1&stderr=1&logs=1}, upgraded to a raw multiplexed stream)
 * and hands each piece to an {@link OutputListener} until the container exits or the follower is
 * closed. Made by {@link DockerDriver#followOutput}.
 *
 * <p>Attach before the container starts: the engine registers the attachment while the container
 * is still being created, and {@code logs=1} replays anything already in the container's log, so
 * output from the first instruction on is delivered (to a follower attached late, that replay
 * includes older output).
 *
 * <p>Threads: a virtual thread of its own reads the stream and calls the listener (no allocation
 * per frame): each frame's header into its own 8 bytes, the payload into a buffer borrowed from the
 * shared {@link BufferPool} for that frame only, so a follower waiting for output (most of a warm
 * container's life) holds no buffer; the attach connection gives its read buffer back too. {@link #close()} may be called from
 * any thread: it aborts the connection, which ends the reader. {@code closed} is volatile; the
 * latch marks the end.
 */
public final class OutputFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputFollower.class);

  private final String containerId;
  private final EngineStream stream;
  private final OutputListener listener;
  private final Consumer<OutputFollower> onEnd;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile long delivered;

  private OutputFollower(String containerId, EngineStream stream, OutputListener listener,
      Consumer<OutputFollower> onEnd) {
    this.containerId = containerId;
    this.stream = stream;
    this.listener = listener;
    this.onEnd = onEnd;
  }

  /**
   * Attaches to the container and starts following; returns once the engine accepted the attach.
   *
   * @param onEnd called on the follower's thread after the listener's {@code ended}
   * @throws DriverException {@code NO_SUCH_CONTAINER}, or {@code FAILED} when the engine refuses
   */
  static OutputFollower attach(DockerEngine engine, String containerId, OutputListener listener,
      Consumer<OutputFollower> onEnd) {
    String path = "/containers/" + DockerDriver.pathOf(containerId) + "/attach?stream=1&stdout=1&stderr=1&logs=1";
    EngineStream s = engine.upgrade("POST", path, engine.callTimeout());
    // 101 is the upgrade asked for; an engine that ignores the Upgrade header answers 200 with the
    // same raw stream as a body that runs until it closes.
    if (s.status() != 101 && s.status() != 200) {
      DockerEngine.Reply r = s.readReply();
      s.close();
      throw engine.refused(r, "attach to the output of container " + containerId,
          r.status() == 404 ? Kind.NO_SUCH_CONTAINER : Kind.FAILED);
    }
    OutputFollower f = new OutputFollower(containerId, s, listener, onEnd);
    Thread.ofVirtual().name("hearth-docker-output-" + abbreviate(containerId)).start(f::run);
    return f;
  }

  /**
   * Follows the container's log ({@code GET /containers/{id}/logs?follow=1&stdout=1&stderr=1}) from
   * its first line until the container stops, or at once to its end when it has stopped; returns
   * once the engine answered.
   *
   * @param onEnd called on the follower's thread after the listener's {@code ended}
   * @throws DriverException {@code NO_SUCH_CONTAINER}, or {@code FAILED} when the engine refuses
   */
  static OutputFollower logs(DockerEngine engine, String containerId, OutputListener listener,
      Consumer<OutputFollower> onEnd) {
    String path = "/containers/" + DockerDriver.pathOf(containerId) + "/logs?follow=1&stdout=1&stderr=1";
    EngineStream s = engine.stream("GET", path, null, 0, null, null);
    if (s.status() != 200) {
      DockerEngine.Reply r = s.readReply();
      s.close();
      throw engine.refused(r, "follow the log of container " + containerId,
          r.status() == 404 ? Kind.NO_SUCH_CONTAINER : Kind.FAILED);
    }
    OutputFollower f = new OutputFollower(containerId, s, listener, onEnd);
    Thread.ofVirtual().name("hearth-docker-log-" + abbreviate(containerId)).start(f::run);
    return f;
  }

  private void run() {
    Exception failure = null;
    try {
      delivered = LogFrames.copy(stream.body(), new byte[8], BufferPool.shared(), this::deliver);
    } catch (IOException e) {
      if (!closed) {
        failure = stream.failure(e);
        LOG.warn("following the output of container {} broke: {}", containerId, e.getMessage());
      }
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("output listener of container {} failed; no more output is delivered", containerId, e);
    } finally {
      stream.close();
      try {
        listener.ended(failure);
      } catch (RuntimeException e) {
        LOG.error("output listener of container {} failed at the end", containerId, e);
      }
      ended.countDown();
      onEnd.accept(this);
    }
  }

  private void deliver(int stream, byte[] buffer, int offset, int length) {
    listener.output(stream, buffer, offset, length);
  }

  public String containerId() {
    return containerId;
  }

  /** Bytes of output delivered, once the stream has ended (0 before). */
  public long delivered() {
    return delivered;
  }

  /** Whether the stream has ended (the container exited, or this was closed). */
  public boolean hasEnded() {
    return ended.getCount() == 0;
  }

  /** Waits until the stream ends; returns whether it did in time. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops following, from any thread; output not yet read is not delivered. Idempotent. */
  @Override
  public void close() {
    closed = true;
    stream.abort();
  }

  private static String abbreviate(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
