package io.hearth.uds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * An HTTP/1.1 client for one unix socket (such as the Docker Engine's), with a small pool of
 * kept-alive connections. Thread-safe: each exchange takes a connection from the lock-free pool and
 * gives it back when its response is closed with the body read to the end.
 *
 * <p>Closing a response whose body was not read to the end reads and drops what is left, up to
 * 64 KiB, to save the connection; a body known to be longer, or one that runs
 * until the server closes, closes the connection at once instead. A chunked body of unknown length
 * is drained, so closing the response of an endless chunked stream waits for that much of it: for
 * such streams use {@link #dedicated()}, or {@link Response#abort()}.
 *
 * <p>Ownership: {@code idle} is a concurrent deque touched by every exchange; a connection taken
 * from it belongs to that exchange's thread until given back.
 */
public final class UdsClient implements AutoCloseable {
  /** Idle connections kept; more concurrent exchanges open extra connections that are then closed. */
  private static final int MAX_IDLE = 8;
  /** Leftover body bytes read to save a connection; beyond this the connection is closed instead. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  private final Path socket;
  private final ConcurrentLinkedDeque<UdsConnection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  public UdsClient(Path socket) {
    this.socket = socket;
  }

  public Path socket() {
    return socket;
  }

  /**
   * Sends a request with an optional small body. Close the returned response.
   *
   * <p>A kept-alive connection can die between the check before reuse and the write (the server
   * closed it just then, or restarted). Because this body can be sent again, such a failure on a
   * reused connection is retried once on a new connection, as HTTP clients commonly do; a failure
   * on a new connection is thrown.
   */
  public Response send(RequestHead head, byte[] body) throws IOException {
    UdsConnection c = idle.isEmpty() ? null : takeIdle();
    if (c != null) {
      try {
        return exchange(c, head, body == null ? null : new ByteArrayInputStream(body), body == null ? 0 : body.length);
      } catch (IOException staleConnection) {
        // fall through to a new connection
      }
    }
    return exchange(UdsConnection.open(socket), head, body == null ? null : new ByteArrayInputStream(body),
        body == null ? 0 : body.length);
  }

  /** Sends a request streaming its body ({@code length} -1 for chunked). Close the returned response. */
  public Response send(RequestHead head, InputStream body, long length) throws IOException {
    return exchange(take(), head, body, length);
  }

  private Response exchange(UdsConnection c, RequestHead head, InputStream body, long length) throws IOException {
    try {
      return new Response(c, c.send(head, body, length, HttpWire.DEFAULT_HEAD_LIMIT));
    } catch (IOException e) {
      c.abort();
      throw e;
    } catch (RuntimeException | Error e) {
      giveBack(c); // a head refused before any I/O leaves the connection as it was; otherwise it is closed
      throw e;
    }
  }

  /** Opens a connection of its own for a long-lived exchange (an event stream); never pooled. */
  public UdsConnection dedicated() throws IOException {
    return UdsConnection.open(socket);
  }

  private UdsConnection take() throws IOException {
    UdsConnection c = takeIdle();
    return c != null ? c : UdsConnection.open(socket);
  }

  /** A pooled connection that passes the check before reuse, or null. */
  private UdsConnection takeIdle() {
    UdsConnection c;
    while ((c = idle.pollFirst()) != null) {
      if (c.isUsable()) {
        return c;
      }
      c.abort();
    }
    return null;
  }

  private void giveBack(UdsConnection c) {
    // No socket probe here: the exchange just ended cleanly, and take() probes before reuse.
    if (!closed && c.isIdleAndOpen() && idle.size() < MAX_IDLE) {
      idle.addFirst(c);
      if (closed && idle.remove(c)) { // close() ran meanwhile and may have missed it
        c.abort();
      }
    } else {
      c.abort();
    }
  }

  @Override
  public void close() {
    closed = true;
    UdsConnection c;
    while ((c = idle.pollFirst()) != null) {
      c.abort();
    }
  }

  /** A response from the pool's connection; closing it returns the connection when it is reusable. */
  public final class Response implements AutoCloseable {
    private final UdsConnection connection;
    private final UdsResponse response;
    private boolean closed;

    Response(UdsConnection connection, UdsResponse response) {
      this.connection = connection;
      this.response = response;
    }

    public int status() {
      return response.status();
    }

    public HttpHeaders headers() {
      return response.headers();
    }

    public BodyInputStream body() {
      return response.body();
    }

    public byte[] readAll() throws IOException {
      return response.readAll();
    }

    /** Aborts the exchange from any thread (closes the connection). */
    public void abort() {
      connection.abort();
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      BodyInputStream body = response.body();
      long known = body.knownRemaining();
      if (!body.isComplete() && response.keepAlive() && body.leavesConnectionReusable()
          && known <= DRAIN_LIMIT) { // known is -1 when the length is unknown (chunked)
        try {
          body.drain(DRAIN_LIMIT);
        } catch (IOException e) {
          connection.abort();
        }
      }
      if (response.finish()) {
        giveBack(connection);
      }
    }
  }
}
