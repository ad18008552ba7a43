package io.hearth.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution as reported, in microseconds (from a histogram of nanoseconds).
 *
 * @param curve latency at the percentiles of {@link #CURVE}, for plots: pairs {percentile, micros}
 */
public record Latency(long count, double p50, double p90, double p99, double p999, double min, double max,
    double mean, List<double[]> curve) {

  /** Percentiles drawn in plots; the tail is where the differences are. */
  static final double[] CURVE = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100};

  public static Latency of(Histogram h) {
    List<double[]> curve = new ArrayList<>();
    if (h.getTotalCount() > 0) {
      for (double p : CURVE) {
        curve.add(new double[] {p, micros(p == 0 ? h.getMinValue() : h.getValueAtPercentile(p))});
      }
    }
    return new Latency(h.getTotalCount(), micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(90)),
        micros(h.getValueAtPercentile(99)), micros(h.getValueAtPercentile(99.9)), micros(h.getMinValue()),
        micros(h.getMaxValue()), round(h.getMean() / 1000.0), curve);
  }

  /** Nanoseconds as microseconds with one decimal. */
  static double micros(long nanos) {
    return round(nanos / 1000.0);
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
