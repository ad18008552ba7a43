package io.hearth.agent;

/**
 * How a call is known never to have reached its function, so that it may run in another
 * container without breaking at-most-once: each is a failure before the function could read a
 * byte of the request. Its {@link #label} is the reason of {@code hearth_call_retries_total}.
 */
enum Unsent {
  /** The engine had reported the container stopped before the call was written to it. */
  CLOSING("closing"),
  /** The function's socket refused the connection: gone (ENOENT) or nobody listening (ECONNREFUSED). */
  CONNECT("connect"),
  /** The socket was closed before it accepted the request's first byte (EPIPE, ECONNRESET). */
  WRITE("write");

  final String label;

  Unsent(String label) {
    this.label = label;
  }
}
