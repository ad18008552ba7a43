package io.hearth.server.async;

import java.time.Duration;

/**
 * How long an async worker waits before its next timed look at the queue: {@code busy} after a look
 * that claimed calls, doubling after each empty one up to {@code idle}. Calls enqueued on this node,
 * and slots that free, ask for a look at once; the timer is for what only the datastore knows —
 * calls enqueued through other nodes, retries come due, expired claims — which so wait at most
 * {@code idle} more. An idle node then costs the datastore a claim query every {@code idle}
 * instead of every {@code busy}.
 */
record PollPace(Duration busy, Duration idle) {
  /** An idle worker looks at least this often (calls from other nodes wait up to this much longer). */
  static final Duration DEFAULT_IDLE = Duration.ofSeconds(1);

  PollPace {
    if (busy.isNegative() || busy.isZero() || idle.compareTo(busy) < 0) {
      throw new IllegalArgumentException("poll pace out of range: " + busy + ", " + idle);
    }
  }

  /** The wait after a look that waited {@code last} before it and did or did not claim calls. */
  Duration next(Duration last, boolean claimed) {
    if (claimed) {
      return busy;
    }
    Duration doubled = last.multipliedBy(2);
    return doubled.compareTo(idle) > 0 ? idle : doubled.compareTo(busy) < 0 ? busy : doubled;
  }
}
