package io.hearth.protocol;

import java.util.Objects;

/**
 * What a runner sends back on a {@link RunnerProtocol#LEASES} stream: one {@link Head}, then the
 * answer's body in {@link Chunk}s of up to {@link RunnerProtocol#CHUNK} bytes; the stream's
 * normal end ends the body.
 */
public sealed interface LeaseFrame {

  /** The answer begins: its HTTP status and content type ({@link LeaseExchange.Reply#open}). */
  record Head(int status, String contentType) implements LeaseFrame {
    public Head {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("an HTTP status is from 100 to 599, not " + status);
      }
      Objects.requireNonNull(contentType, "contentType");
    }
  }

  /** A piece of the answer's body. */
  record Chunk(byte[] bytes) implements LeaseFrame {
    public Chunk {
      Objects.requireNonNull(bytes, "bytes");
    }
  }
}
