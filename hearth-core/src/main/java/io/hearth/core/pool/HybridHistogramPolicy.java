package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keep-alive learned per function from its idle times, after the hybrid histogram policy of Shahrad
 * et al., "Serverless in the Wild" (USENIX ATC 2020).
 *
 * <p>Each function's gaps between consecutive calls go into a histogram of {@code binWidth} bins
 * covering {@code range}. While the histogram is <em>representative</em> — at least {@code
 * minSamples} gaps, the coefficient of variation of its bin counts at least {@code cvThreshold}
 * (the gaps crowd into a few bins rather than spreading evenly), and no more than {@code
 * maxOutOfBounds} of the gaps longer than the range — the next call is expected between the head
 * (lower edge of the bin holding the {@code headPercentile}) and the tail (upper edge of the bin
 * holding the {@code tailPercentile}) after the last one:
 * <ul>
 *   <li>head of zero: no pre-warming; the container stays warm for tail × (1 + margin);
 *   <li>otherwise the container is unloaded as soon as it goes idle, started again at head × (1 −
 *       margin), and kept until tail × (1 + margin) after it went idle.
 * </ul>
 * When the histogram is not representative the container stays warm for {@code fallback}, without
 * pre-warming. The paper forecasts the next idle time with a time series model (ARIMA) when many
 * gaps exceed the range; this class falls back to the fixed window instead.
 *
 * <p>Windows are recomputed lazily, on the first question after a call. Not thread-safe: owned by
 * the pool, under the shell's lock. Functions are remembered for the policy's lifetime (about 1 KB
 * each with the default settings).
 */
public final class HybridHistogramPolicy implements KeepAlivePolicy {

  /**
   * The policy's parameters; {@link #paper()} holds the values of the paper.
   *
   * @param range           longest gap the histogram holds; longer ones count as out of bounds
   * @param binWidth        width of a histogram bin
   * @param headPercentile  percentile of gaps that sets the pre-warm time (0..1)
   * @param tailPercentile  percentile of gaps that sets the end of the keep-alive (0..1)
   * @param margin          the pre-warm time is shortened and the keep-alive end lengthened by this fraction
   * @param cvThreshold     smallest coefficient of variation of the bin counts for a representative histogram
   * @param minSamples      fewest gaps for a representative histogram
   * @param maxOutOfBounds  largest share of gaps beyond the range for a representative histogram
   * @param fallback        keep-alive while the histogram is not representative
   */
  public record Settings(Duration range, Duration binWidth, double headPercentile, double tailPercentile,
      double margin, double cvThreshold, int minSamples, double maxOutOfBounds, Duration fallback) {
    public Settings {
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(binWidth, "binWidth");
      Objects.requireNonNull(fallback, "fallback");
      if (binWidth.isNegative() || binWidth.isZero() || range.compareTo(binWidth) < 0) {
        throw new IllegalArgumentException("the range must hold at least one bin of positive width");
      }
      if (!(0 <= headPercentile && headPercentile <= tailPercentile && tailPercentile <= 1)) {
        throw new IllegalArgumentException("percentiles must satisfy 0 <= head <= tail <= 1");
      }
      if (margin < 0 || margin >= 1 || minSamples < 1 || maxOutOfBounds < 0 || fallback.isNegative()) {
        throw new IllegalArgumentException("margin must be in [0, 1), minSamples at least 1, the rest not negative");
      }
    }

    /**
     * The paper's choices: 4 hours of 1-minute bins, 5th and 99th percentiles, a 10% margin, a
     * coefficient of variation of 2, and the range as the fallback window. The paper gives no minimum
     * number of gaps nor a share of out-of-bounds gaps; five gaps and a half are Hearth's.
     */
    public static Settings paper() {
      return new Settings(Duration.ofHours(4), Duration.ofMinutes(1), 0.05, 0.99, 0.10, 2.0, 5, 0.5,
          Duration.ofHours(4));
    }

    int bins() {
      return (int) (range.toMillis() / binWidth.toMillis());
    }
  }

  /**
   * A function's windows as the policy sees them now.
   *
   * @param prewarm        after a call, how long until a container is started again; zero: none, the container stays
   * @param keepAliveEnd   how long after a call ends a container should still be warm
   * @param representative whether the windows come from the histogram (else: the fallback)
   */
  public record Windows(Duration prewarm, Duration keepAliveEnd, boolean representative) {}

  private final Settings settings;
  private final Map<String, History> histories = new HashMap<>();

  public HybridHistogramPolicy(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public HybridHistogramPolicy() {
    this(Settings.paper());
  }

  @Override
  public void onCall(SlotKey slot, Instant now) {
    histories.computeIfAbsent(slot.fnId(), k -> new History(settings.bins())).record(now, settings.binWidth().toMillis());
  }

  @Override
  public Duration keepAlive(SlotKey slot, Instant idleSince) {
    Windows w = windows(slot.fnId());
    return w.prewarm().isZero() ? w.keepAliveEnd() : Duration.ZERO;
  }

  @Override
  public Duration keepAlivePrewarmed(SlotKey slot, Instant readySince) {
    Windows w = windows(slot.fnId());
    return w.keepAliveEnd().minus(w.prewarm());
  }

  @Override
  public Optional<Instant> prewarmAt(SlotKey slot, Instant idleSince) {
    Windows w = windows(slot.fnId());
    return w.prewarm().isZero() ? Optional.empty() : Optional.of(idleSince.plus(w.prewarm()));
  }

  /** The windows of function {@code fnId} now: the fallback for a function never called. */
  public Windows windows(String fnId) {
    History h = histories.get(fnId);
    if (h == null) {
      return new Windows(Duration.ZERO, settings.fallback(), false);
    }
    if (h.windows == null) {
      h.windows = compute(h);
    }
    return h.windows;
  }

  private Windows compute(History h) {
    long samples = h.inBounds + h.outOfBounds;
    boolean representative = samples >= settings.minSamples()
        && h.outOfBounds <= settings.maxOutOfBounds() * samples
        && h.inBounds > 0
        && coefficientOfVariation(h) >= settings.cvThreshold();
    if (!representative) {
      return new Windows(Duration.ZERO, settings.fallback(), false);
    }
    Duration bin = settings.binWidth();
    Duration head = bin.multipliedBy(h.binOfPercentile(settings.headPercentile()));
    Duration tail = bin.multipliedBy(h.binOfPercentile(settings.tailPercentile()) + 1L);
    Duration prewarm = scale(head, 1 - settings.margin());
    return new Windows(prewarm, scale(tail, 1 + settings.margin()), true);
  }

  /** Of the bin counts (not of the gaps): high when the gaps crowd into a few bins. */
  private static double coefficientOfVariation(History h) {
    double n = h.bins.length;
    double mean = h.inBounds / n;
    double variance = Math.max(0, h.sumOfSquares / n - mean * mean);
    return Math.sqrt(variance) / mean;
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofMillis(Math.round(d.toMillis() * factor));
  }

  /** One function's gaps. */
  private static final class History {
    final int[] bins;
    long inBounds;
    long outOfBounds;
    /** Sum of the squared bin counts, kept as counts grow so the coefficient of variation costs nothing. */
    long sumOfSquares;
    Instant lastCall;
    Windows windows;

    History(int bins) {
      this.bins = new int[bins];
    }

    void record(Instant now, long binMillis) {
      if (lastCall != null) {
        long gap = Math.max(0, Duration.between(lastCall, now).toMillis());
        long bin = gap / binMillis;
        if (bin < bins.length) {
          int c = bins[(int) bin]++;
          sumOfSquares += 2L * c + 1;
          inBounds++;
        } else {
          outOfBounds++;
        }
        windows = null;
      }
      lastCall = now;
    }

    /** The bin holding the {@code p}-th percentile of the in-bounds gaps. */
    long binOfPercentile(double p) {
      long wanted = Math.max(1, (long) Math.ceil(p * inBounds));
      long seen = 0;
      for (int i = 0; i < bins.length; i++) {
        seen += bins[i];
        if (seen >= wanted) {
          return i;
        }
      }
      return bins.length - 1;
    }
  }
}
