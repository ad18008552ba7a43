package io.hearth.uds;

import java.util.Objects;

/** Start line and header fields of a request. The headers object is owned by whoever holds the head. */
public record RequestHead(String method, String target, HttpHeaders headers) {
  public RequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
  }
}
