package io.hearth.uds;

import java.io.Closeable;
import java.io.IOException;

/**
 * A response whose body streams from its connection. Close it when done: a body read to its end
 * leaves the connection for the next exchange; an unfinished one closes the connection.
 *
 * <p>Not thread-safe: owned by the thread that sent the request.
 */
public final class UdsResponse implements Closeable {
  private final UdsConnection connection;
  private final ResponseHead head;
  private final BodyInputStream body;
  private final boolean keepAlive;
  private boolean closed;

  UdsResponse(UdsConnection connection, ResponseHead head, BodyInputStream body, boolean keepAlive) {
    this.connection = connection;
    this.head = head;
    this.body = body;
    this.keepAlive = keepAlive;
  }

  public ResponseHead head() {
    return head;
  }

  public int status() {
    return head.status();
  }

  public HttpHeaders headers() {
    return head.headers();
  }

  public BodyInputStream body() {
    return body;
  }

  /** Whether the response lets its connection carry another exchange once the body is read. */
  boolean keepAlive() {
    return keepAlive;
  }

  /** Reads the whole body; for small responses only. */
  public byte[] readAll() throws IOException {
    return body.readAllBytes();
  }

  /** Closes the response; returns whether the connection can carry another exchange. */
  public boolean finish() {
    if (!closed) {
      closed = true;
      connection.finishExchange(body.isComplete() && body.leavesConnectionReusable() && keepAlive);
    }
    return connection.isOpen();
  }

  @Override
  public void close() {
    finish();
  }
}
