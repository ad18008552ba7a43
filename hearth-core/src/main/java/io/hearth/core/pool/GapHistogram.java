package io.hearth.core.pool;

/**
 * The idle gaps of one rank of one slot: how long, each time, the slot ran fewer calls than the
 * rank before it ran that many again (for rank 1: from the end of its last call to the start of the
 * next, the idle time of Shahrad et al.). Bins are a second wide up to 10 s, then widen to a
 * minute by 1 min and stay a minute wide up to {@link #RANGE_MS} (4 hours, the paper's range);
 * longer gaps are counted apart, as out of range.
 *
 * <p>{@link #best} picks the keep-alive window that costs least for the gaps seen: the memory-time it
 * holds plus a price for every gap it fails to cover. The gaps seen never include the next record:
 * a window fitted to them exactly ends just after the longest gap so far, and every new longest gap
 * is a cold start. So one more gap, twice the longest, is counted with them (as Laplace smoothing
 * adds one to unseen outcomes); the price decides whether covering it is worth its memory.
 * Owned by the {@link AdaptiveKeepAlive}.
 */
final class GapHistogram {
  /** Upper edges of the bins, in ms: bin {@code b} holds gaps in (EDGES[b − 1], EDGES[b]]. */
  static final long[] EDGES = edges();
  static final long RANGE_MS = EDGES[EDGES.length - 1];
  /** Prewarms are planned only for gaps at least this long: below it they would save too little. */
  static final long MIN_PREWARM_MS = 60_000;

  private final long[] counts = new long[EDGES.length];
  private long inRange;
  private long outOfRange;

  /**
   * A window: after the gap starts, nothing is kept until {@code launchMs} (0: the container stays),
   * then a container is kept until {@code endMs}. {@code endMs} of 0 keeps nothing.
   */
  record Window(long launchMs, long endMs) {}

  void add(long gapMs) {
    long gap = Math.max(0, gapMs);
    if (gap > RANGE_MS) {
      outOfRange++;
      return;
    }
    counts[bin(gap)]++;
    inRange++;
  }

  /** The bin of a gap, the last one for gaps beyond the range. */
  private static int bin(long gap) {
    int lo = 0;
    int hi = EDGES.length - 1;
    while (lo < hi) { // the first edge at or above the gap
      int mid = (lo + hi) >>> 1;
      if (EDGES[mid] >= gap) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  long samples() {
    return inRange + outOfRange;
  }

  /**
   * The window of least expected cost for a container of {@code memoryMb}, where a gap not covered
   * costs {@code coldPrice} (MB·ms): memory-time is counted from the launch (or the gap's start) to
   * the call or the window's end. With {@code mayPrewarm} the container may be dropped at once and
   * launched again {@code margin} ahead of the lower edge of the gaps worth covering.
   */
  Window best(double memoryMb, double coldPrice, boolean mayPrewarm, double margin) {
    int bins = EDGES.length;
    long[] seen = withNextRecord();
    double[] count = new double[bins + 1]; // prefix sums: gaps in bins below x
    double[] time = new double[bins + 1]; // and the sum of their midpoints
    for (int b = 0; b < bins; b++) {
      count[b + 1] = count[b] + seen[b];
      time[b + 1] = time[b] + seen[b] * (lower(b) + EDGES[b]) / 2.0;
    }
    double total = inRange == 0 ? 0 : inRange + 1;
    long bestLaunch = 0;
    long bestEnd = 0;
    double bestCost = coldPrice * (total + outOfRange); // keep nothing
    for (int h = 0; h < bins; h++) {
      long head = lower(h);
      if (h > 0 && (!mayPrewarm || head < MIN_PREWARM_MS)) {
        continue;
      }
      long launch = h == 0 ? 0 : Math.round(head * (1 - margin));
      for (int t = h + 1; t <= bins; t++) { // covers bins h .. t−1
        long end = EDGES[t - 1];
        double covered = count[t] - count[h];
        double beyond = total - count[t] + outOfRange;
        double memTime = (time[t] - time[h]) - covered * launch + beyond * (end - launch);
        double cold = count[h] + beyond;
        double cost = memoryMb * memTime + coldPrice * cold;
        if (cost < bestCost) {
          bestCost = cost;
          bestLaunch = launch;
          bestEnd = end;
        }
      }
    }
    return new Window(bestLaunch, bestEnd);
  }

  /**
   * How long, on average, until the next call after the slot has been below this rank for {@code
   * ageMs}: the mean of the gaps longer than that, less it (with the same extra gap as {@link #best};
   * gaps out of range count as twice the range). Zero when there is no gap yet.
   */
  long residual(long ageMs) {
    if (suffixCount == null || suffixAt != samples()) {
      suffixes();
    }
    int k = bin(Math.min(Math.max(0, ageMs), RANGE_MS));
    double n = suffixCount[k] + outOfRange;
    if (n == 0) {
      return 0;
    }
    double sum = suffixTime[k] + outOfRange * 2.0 * RANGE_MS;
    return Math.max(0, Math.round(sum / n - ageMs));
  }

  private double[] suffixCount;
  private double[] suffixTime;
  private long suffixAt = -1;

  private void suffixes() {
    long[] seen = withNextRecord();
    int bins = EDGES.length;
    suffixCount = new double[bins + 1];
    suffixTime = new double[bins + 1];
    for (int b = bins - 1; b >= 0; b--) {
      suffixCount[b] = suffixCount[b + 1] + seen[b];
      suffixTime[b] = suffixTime[b + 1] + seen[b] * (lower(b) + EDGES[b]) / 2.0;
    }
    suffixAt = samples();
  }

  /** The counts, with one more gap twice the longest seen. */
  private long[] withNextRecord() {
    long[] seen = counts.clone();
    if (inRange == 0) {
      return seen;
    }
    int longest = EDGES.length - 1;
    while (longest > 0 && seen[longest] == 0) {
      longest--;
    }
    seen[bin(2 * EDGES[longest])]++; // the next gap may be the longest yet: one more, twice as long
    return seen;
  }

  private static long lower(int b) {
    return b == 0 ? 0 : EDGES[b - 1];
  }

  private static long[] edges() {
    long[] seconds = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 45, 60};
    long[] out = new long[seconds.length + 239];
    int i = 0;
    for (long s : seconds) {
      out[i++] = s * 1000;
    }
    for (long m = 2; m <= 240; m++) {
      out[i++] = m * 60_000;
    }
    return out;
  }
}
