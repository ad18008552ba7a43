package io.hearth.server.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the datastore answers, checked at most once per {@code ttl} so that scrapes do not load
 * the database (and a scrape during an outage waits for at most one check). While one thread
 * checks, others read the last answer. Thread-safe: an immutable snapshot in a volatile field.
 */
final class DatastoreHealth {
  private record Checked(Instant at, boolean up) {}

  private final Runnable ping;
  private final InstantSource clock;
  private final Duration ttl;
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile Checked last;

  /** @param ping returns when the datastore answers, throws when it does not */
  DatastoreHealth(Runnable ping, InstantSource clock, Duration ttl) {
    this.ping = ping;
    this.clock = clock;
    this.ttl = ttl;
  }

  boolean up() {
    Instant now = clock.instant();
    Checked seen = last;
    if (seen != null && now.isBefore(seen.at().plus(ttl))) {
      return seen.up();
    }
    if (!checking.compareAndSet(false, true)) {
      return seen == null || seen.up(); // another thread is checking; report what was known
    }
    try {
      boolean up;
      try {
        ping.run();
        up = true;
      } catch (RuntimeException e) {
        up = false;
      }
      last = new Checked(clock.instant(), up);
      return up;
    } finally {
      checking.set(false);
    }
  }
}
