package io.hearth.uds;

import java.util.Objects;

/** Status line and header fields of a response. */
public record ResponseHead(int status, String reason, HttpHeaders headers) {
  public ResponseHead {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(headers, "headers");
  }

  /** Whether this response has no body whatever its headers say (RFC 9112 section 6.3). */
  public boolean bodyless() {
    return status / 100 == 1 || status == 204 || status == 304;
  }
}
