package io.hearth.server.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The overview's last 15 minutes of calls: a ring of {@link #BUCKETS} buckets of {@link #BUCKET}
 * each, a call counted in the bucket of its completion time. Each bucket keeps its count, its
 * errors by cause and up to {@link #SAMPLES} latencies (a reservoir past that), from which its p50
 * and p99 are read. Fed by {@link CallWatch} with the records the datastore shows (any node's),
 * read by {@code GET /v2/stats/timeline} and the {@code stats} event. Pure: times are given.
 *
 * <p>State: every field is guarded by {@code this}.
 */
final class Timeline {
  static final Duration BUCKET = Duration.ofSeconds(5);
  static final int BUCKETS = 180; // 15 minutes
  /** Latencies kept per bucket for its percentiles: past this, a uniform sample of the rest. */
  static final int SAMPLES = 2048;

  private final long bucketMillis = BUCKET.toMillis();
  private final long[] index = new long[BUCKETS]; // the epoch bucket each slot holds, -1 when none
  private final int[] counts = new int[BUCKETS];
  private final int[] errors = new int[BUCKETS];
  private final long[][] latencies = new long[BUCKETS][];
  private final int[] sampled = new int[BUCKETS];
  private final List<Map<String, Integer>> causes = new ArrayList<>(BUCKETS);
  private final java.util.random.RandomGenerator random;

  Timeline(java.util.random.RandomGenerator random) {
    this.random = random;
    Arrays.fill(index, -1);
    for (int i = 0; i < BUCKETS; i++) {
      causes.add(new TreeMap<>());
    }
  }

  /**
   * Counts a call completed at {@code at} that took {@code latencyMicros}; {@code cause} is null
   * for a success, else why it failed. A call older than the window (at {@code now}) is left out.
   */
  synchronized void add(Instant at, long latencyMicros, String cause, Instant now) {
    long b = Math.floorDiv(at.toEpochMilli(), bucketMillis);
    long newest = Math.floorDiv(now.toEpochMilli(), bucketMillis);
    if (b <= newest - BUCKETS || b > newest + 1) {
      return; // outside the window (or from a clock well ahead of ours)
    }
    int slot = slot(b);
    counts[slot]++;
    if (cause != null) {
      errors[slot]++;
      causes.get(slot).merge(cause, 1, Integer::sum);
    }
    if (latencies[slot] == null) {
      latencies[slot] = new long[64];
    }
    int seen = sampled[slot]++;
    if (seen < SAMPLES) {
      if (seen == latencies[slot].length) {
        latencies[slot] = Arrays.copyOf(latencies[slot], Math.min(SAMPLES, seen * 2));
      }
      latencies[slot][seen] = latencyMicros;
    } else {
      int j = random.nextInt(seen + 1);
      if (j < SAMPLES) {
        latencies[slot][j] = latencyMicros;
      }
    }
  }

  /** The slot of epoch bucket {@code b}, cleared first when it held an older bucket. */
  private int slot(long b) {
    int slot = (int) Math.floorMod(b, (long) BUCKETS);
    if (index[slot] != b) {
      index[slot] = b;
      counts[slot] = 0;
      errors[slot] = 0;
      sampled[slot] = 0;
      latencies[slot] = null;
      causes.get(slot).clear();
    }
    return slot;
  }

  /** One bucket as the API writes it. */
  record Point(Instant at, int calls, double callsPerSec, int errors, Double p50Ms, Double p99Ms) {}

  /** The window's buckets, oldest first, ending with the one holding {@code now} (empty ones too). */
  synchronized List<Point> points(Instant now) {
    long newest = Math.floorDiv(now.toEpochMilli(), bucketMillis);
    List<Point> out = new ArrayList<>(BUCKETS);
    double secs = bucketMillis / 1000.0;
    for (long b = newest - BUCKETS + 1; b <= newest; b++) {
      int slot = (int) Math.floorMod(b, (long) BUCKETS);
      Instant at = Instant.ofEpochMilli(b * bucketMillis);
      if (index[slot] != b || counts[slot] == 0) {
        out.add(new Point(at, 0, 0, 0, null, null));
        continue;
      }
      int n = Math.min(sampled[slot], SAMPLES);
      long[] sorted = Arrays.copyOf(latencies[slot], n);
      Arrays.sort(sorted);
      out.add(new Point(at, counts[slot], counts[slot] / secs, errors[slot], millis(percentile(sorted, 0.50)),
          millis(percentile(sorted, 0.99))));
    }
    return out;
  }

  /** Errors in the window by cause, most first. */
  synchronized Map<String, Integer> errorsByCause(Instant now) {
    long newest = Math.floorDiv(now.toEpochMilli(), bucketMillis);
    Map<String, Integer> sum = new TreeMap<>();
    for (int slot = 0; slot < BUCKETS; slot++) {
      if (index[slot] > newest - BUCKETS && index[slot] <= newest) {
        causes.get(slot).forEach((k, v) -> sum.merge(k, v, Integer::sum));
      }
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    sum.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
  }

  private static Double millis(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
