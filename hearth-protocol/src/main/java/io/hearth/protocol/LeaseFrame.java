package io.hearth.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * What a runner sends back on a {@link RunnerProtocol#LEASES} stream: one {@link Head}, then the
 * answer's body in {@link Chunk}s of up to {@link RunnerProtocol#CHUNK} bytes; the stream's
 * normal end ends the body.
 */
public sealed interface LeaseFrame {

  /**
   * The answer begins: its HTTP status, content type and response headers ({@link
   * LeaseExchange.Reply#open(int, String, Map)}).
   */
  record Head(int status, String contentType, Map<String, String> headers) implements LeaseFrame {
    public Head {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("an HTTP status is from 100 to 599, not " + status);
      }
      Objects.requireNonNull(contentType, "contentType");
      headers = Map.copyOf(headers);
    }

    public Head(int status, String contentType) {
      this(status, contentType, Map.of());
    }
  }

  /** A piece of the answer's body. */
  record Chunk(byte[] bytes) implements LeaseFrame {
    public Chunk {
      Objects.requireNonNull(bytes, "bytes");
    }
  }
}
