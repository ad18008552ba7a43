package io.hearth.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which connections have taken too long over a request head: a connection seen reading a head at
 * one sweep keeps the time it was first seen so; once that is older than the deadline it is to be
 * closed. A head that completes (the request is being handled, or the connection is idle between
 * requests) clears the mark. Pure: the caller says which connections are reading a head, and when.
 *
 * <p>State: the marks are owned by the one thread that sweeps (not thread-safe).
 *
 * @param <K> how the caller names a connection
 */
final class HeaderDeadline<K> {
  private final long deadlineNanos;
  private final Map<K, Long> readingSince = new HashMap<>();

  HeaderDeadline(long deadlineNanos) {
    if (deadlineNanos <= 0) {
      throw new IllegalArgumentException("the header deadline must be positive");
    }
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * One sweep at {@code nowNanos}: {@code readingHead} are the open connections in the middle of a
   * request head. Returns those past the deadline; connections not listed are forgotten.
   */
  List<K> sweep(Set<K> readingHead, long nowNanos) {
    readingSince.keySet().retainAll(readingHead);
    List<K> late = new ArrayList<>();
    for (K k : readingHead) {
      long since = readingSince.computeIfAbsent(k, x -> nowNanos);
      if (nowNanos - since >= deadlineNanos) {
        late.add(k);
        readingSince.remove(k);
      }
    }
    return late;
  }
}
