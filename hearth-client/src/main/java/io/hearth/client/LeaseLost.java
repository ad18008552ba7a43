package io.hearth.client;

import java.time.Instant;
import java.util.Objects;

/** Why a {@link LeaseKeeper} stopped holding its alloc (other than being closed). */
public sealed interface LeaseLost {

  /** The alloc id the lease was for. */
  String allocId();

  /** A sentence for people. */
  String describe();

  /**
   * The server says the alloc is gone: 410 (reclaimed or freed) or 404 (no such alloc). Nothing will
   * bring it back; its execs were or will be killed.
   */
  record Gone(String allocId, int status, String message) implements LeaseLost {
    public Gone {
      Objects.requireNonNull(allocId, "allocId");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String describe() {
      return "alloc " + allocId + " is gone: " + message + " (" + status + ")";
    }
  }

  /**
   * Every try of one renewal failed. The alloc may still exist (a later keepalive may revive it
   * until it is reclaimed), but it can no longer be counted on.
   *
   * @param tries how many tries failed
   * @param last  the last failure
   */
  record RetriesExhausted(String allocId, int tries, RuntimeException last) implements LeaseLost {
    public RetriesExhausted {
      Objects.requireNonNull(allocId, "allocId");
      Objects.requireNonNull(last, "last");
    }

    @Override
    public String describe() {
      return "could not renew alloc " + allocId + " in " + tries + " tries: " + last.getMessage();
    }
  }

  /**
   * The lease ran out before a renewal succeeded (the server was slow or unreachable). The alloc may
   * still exist, expired, until something needs its room.
   */
  record Expired(String allocId, Instant expiresAt) implements LeaseLost {
    public Expired {
      Objects.requireNonNull(allocId, "allocId");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String describe() {
      return "the lease of alloc " + allocId + " ran out at " + expiresAt + " before it could be renewed";
    }
  }
}
