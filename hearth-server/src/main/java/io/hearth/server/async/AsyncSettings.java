package io.hearth.server.async;

import java.time.Duration;

/**
 * How a node takes and runs async calls.
 *
 * @param maxBody       largest request body an async call may carry (HEARTH_MAX_ASYNC_BODY); larger is 413
 * @param maxOpen       most async calls a function may have queued or running (HEARTH_ASYNC_MAX_QUEUED); then 429
 * @param maxResultBody most of a function's answer kept with the call (HEARTH_ASYNC_MAX_RESULT_BODY); the rest is cut
 * @param workers       most async calls this node runs at once (HEARTH_ASYNC_WORKERS); 0: none (it only accepts)
 * @param pollEvery     how often a worker looks for due calls when it has room
 * @param lease         how long a claim holds a call without renewal: a crashed node's calls return after it
 * @param renewEvery    how often a worker renews the claims of the calls it runs
 */
public record AsyncSettings(long maxBody, int maxOpen, int maxResultBody, int workers, Duration pollEvery,
    Duration lease, Duration renewEvery) {

  public static final long DEFAULT_MAX_BODY = 1L << 20;
  public static final int DEFAULT_MAX_OPEN = 10_000;
  public static final int DEFAULT_MAX_RESULT_BODY = 1 << 20;
  public static final int DEFAULT_WORKERS = 8;
  /** Often enough that an idle queue's first call waits little, rarely enough to cost the datastore nothing. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(100);
  /** A third of it between renewals: two renewals may fail before another node may take the call. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  public AsyncSettings {
    if (maxBody < 0 || maxOpen < 1 || maxResultBody < 0 || workers < 0) {
      throw new IllegalArgumentException("async settings out of range: " + maxBody + ", " + maxOpen + ", "
          + maxResultBody + ", " + workers);
    }
    if (renewEvery.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("a claim must be renewed more often than it lasts");
    }
  }

  /** The same with another lease (HEARTH_ASYNC_LEASE_MSECS), renewed every third of it. */
  public AsyncSettings withLease(Duration newLease) {
    return new AsyncSettings(maxBody, maxOpen, maxResultBody, workers, pollEvery, newLease, newLease.dividedBy(3));
  }

  public static AsyncSettings defaults() {
    return of(DEFAULT_MAX_BODY, DEFAULT_MAX_OPEN, DEFAULT_MAX_RESULT_BODY, DEFAULT_WORKERS);
  }

  public static AsyncSettings of(long maxBody, int maxOpen, int maxResultBody, int workers) {
    return new AsyncSettings(maxBody, maxOpen, maxResultBody, workers, DEFAULT_POLL, DEFAULT_LEASE,
        DEFAULT_LEASE.dividedBy(3));
  }
}
