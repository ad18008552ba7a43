package io.hearth.core.lease;

import java.time.Duration;
import java.time.Instant;

/** The answer to {@link LeaseBook#keepalive}. */
public sealed interface KeepaliveAnswer {

  /**
   * The lease was renewed (an expired, unreclaimed alloc is active again).
   *
   * @param granted   the interval granted: the one asked, in whole seconds, at most {@link LeaseBook#MAX_LEASE}
   * @param expiresAt the keepalive's time plus {@code granted}
   */
  record Granted(Duration granted, Instant expiresAt) implements KeepaliveAnswer {}

  /** The alloc was reclaimed or freed and can no longer be kept alive (the API's 410). */
  record Gone(Alloc.State state) implements KeepaliveAnswer {}

  /** No such alloc: never made here, or collected after its retention. */
  record Unknown(String id) implements KeepaliveAnswer {}
}
