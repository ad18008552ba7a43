package io.hearth.server.calls;

import io.hearth.store.calls.CallStore;
import io.hearth.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes call records (and their logs) older than the retention, in bounded statements so that
 * no single delete holds the table for long. Stateless: {@link CallRecords} runs it on a worker of
 * its own, every {@code JANITOR_EVERY} after the last run ends, ticked by the node's scheduler.
 */
final class RetentionJanitor {
  private static final Logger log = LoggerFactory.getLogger(RetentionJanitor.class);
  /** Rows per DELETE: a fraction of a second of work on either database. */
  static final int CHUNK = 5_000;

  private final CallStore store;
  private final InstantSource clock;
  private final Duration retention;

  RetentionJanitor(CallStore store, InstantSource clock, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
  }

  /** Deletes every record of a call completed before now minus the retention; returns how many. Never throws. */
  int runOnce() {
    Instant cutoff = clock.instant().minus(retention);
    int total = 0;
    try {
      int n;
      do {
        n = store.deleteBefore(cutoff, CHUNK);
        total += n;
      } while (n == CHUNK);
      if (total > 0) {
        log.info("deleted {} call records of calls completed before {}", total, cutoff);
      }
    } catch (StoreException e) {
      log.warn("cannot delete expired call records now, will try again: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.error("deleting expired call records failed", e);
    }
    return total;
  }
}
