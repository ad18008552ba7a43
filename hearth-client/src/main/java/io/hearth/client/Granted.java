package io.hearth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A keepalive's answer: the lease now lasts {@code granted} (at most 5 minutes), until {@code expiresAt}.
 */
public record Granted(Duration granted, Instant expiresAt) {
  public Granted {
    Objects.requireNonNull(granted, "granted");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (granted.isNegative()) {
      throw new IllegalArgumentException("a grant cannot be negative: " + granted);
    }
  }
}
