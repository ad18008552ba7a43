package io.hearth.docker;

import io.hearth.core.driver.DriverException;
import io.hearth.uds.HttpHeaders;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A response from the engine whose body streams (progress, logs, events). Read {@link #body()} on
 * one thread; {@link #abort()} may be called from any thread. Close it when done: a body read to its
 * end returns the connection to the pool, anything else closes it.
 *
 * <p>State: owned by the reading thread, except the connection's abort and the watchdog timer,
 * which are safe from any thread.
 */
public final class EngineStream implements AutoCloseable {
  private final DockerEngine engine;
  private final UdsConnection connection;
  private final UdsResponse response;
  private final Watchdog.Timer timer;
  private final String what;
  private final Duration timeout;
  private boolean closed;

  EngineStream(DockerEngine engine, UdsConnection connection, UdsResponse response, Watchdog.Timer timer,
      String what, Duration timeout) {
    this.engine = engine;
    this.connection = connection;
    this.response = response;
    this.timer = timer;
    this.what = what;
    this.timeout = timeout;
  }

  public int status() {
    return response.status();
  }

  public HttpHeaders headers() {
    return response.headers();
  }

  public InputStream body() {
    return response.body();
  }

  /** The whole (small) body as an engine reply, e.g. to read the message of an error status. */
  public DockerEngine.Reply readReply() {
    try {
      return new DockerEngine.Reply(status(), response.body().readNBytes(1024 * 1024));
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Whether the watchdog ended this exchange. */
  public boolean timedOut() {
    return timer.fired();
  }

  /**
   * The exception for an I/O error met while reading the body: a timeout when the watchdog ended
   * the exchange, else a lost connection.
   */
  public DriverException failure(IOException e) {
    int space = what.indexOf(' ');
    if (timedOut()) {
      return DockerEngine.timedOut(what.substring(0, space), what.substring(space + 1), timeout);
    }
    return new DriverException(DriverException.Kind.FAILED,
        "lost the connection to Docker Engine during " + what + ": " + e, e);
  }

  /** Ends the exchange from any thread; a reader blocked on the body gets an I/O error. */
  public void abort() {
    connection.abort();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timer.close();
    boolean reusable = response.body().isComplete() && response.finish() && !timer.fired();
    if (reusable) {
      engine.giveBack(connection);
    } else {
      response.finish();
      connection.abort();
    }
  }
}
