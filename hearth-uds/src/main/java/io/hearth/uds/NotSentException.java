package io.hearth.uds;

import java.io.IOException;

/**
 * An exchange failed before the peer accepted any byte of its request: the connection was already
 * closed, or the socket refused the request's first write (the peer had closed its end). The peer
 * cannot have seen the request, so the caller may send it elsewhere. Thrown by {@link
 * UdsConnection#send}; the connection is closed.
 *
 * <p>Only "no byte accepted" proves that: a write that succeeded put bytes in the kernel's socket
 * buffer, which a peer may close without ever reading, or may have read. Such failures are plain
 * {@link IOException}s.
 */
public final class NotSentException extends IOException {
  public NotSentException(String message, Throwable cause) {
    super(message, cause);
  }
}
