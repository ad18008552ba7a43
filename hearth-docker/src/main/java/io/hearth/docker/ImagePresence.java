package io.hearth.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers for a short while that an image was on the node, so the hot path does not ask the
 * engine on every launch. Only positive answers are kept: an image that was missing is asked about
 * again next time, so one built or pulled meanwhile is seen at once.
 *
 * <p>State: the concurrent map owns the entries (image to expiry); time comes from the caller.
 */
final class ImagePresence {
  /** Images rarely vanish; when one does, the create that follows fails with a clear message. */
  static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  private final Duration ttl;
  private final ConcurrentHashMap<String, Instant> expiries = new ConcurrentHashMap<>();

  ImagePresence(Duration ttl) {
    this.ttl = ttl;
  }

  boolean isKnownPresent(String image, Instant now) {
    Instant expiry = expiries.get(image);
    if (expiry == null) {
      return false;
    }
    if (!now.isBefore(expiry)) {
      expiries.remove(image, expiry);
      return false;
    }
    return true;
  }

  void present(String image, Instant now) {
    expiries.put(image, now.plus(ttl));
  }

  void forget(String image) {
    expiries.remove(image);
  }
}
