package io.hearth.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart for the SVG plot: latency (log scale) against percentile or against clients.
 *
 * @param xAxis "percentile" (x spaced by -log10(1 - p), as HdrHistogram plots) or "clients" (log2)
 */
public record Chart(String title, String xAxis, List<Line> lines) {

  /**
   * One line; points are {x, micros}.
   *
   * @param floor drawn dashed: a floor measured in the same run
   */
  public record Line(String label, boolean floor, List<double[]> points) {}

  /** A percentile chart of the series' latency curves. */
  public static Chart percentiles(String title, List<SeriesReport> series) {
    List<Line> lines = new ArrayList<>();
    for (SeriesReport s : series) {
      if (!s.latency().curve().isEmpty()) {
        lines.add(new Line(s.label(), s.side().equals(SeriesReport.FLOOR), s.latency().curve()));
      }
    }
    return new Chart(title, "percentile", lines);
  }
}
