package io.hearth.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Chart} as a self-contained SVG: latency on a log scale (microseconds) against
 * percentile (spaced by -log10(1 - p), so the tail gets room) or against clients (log2). Floors
 * are dashed. No dependencies; the output is plain XML.
 */
final class SvgPlot {
  private static final int W = 1000;
  private static final int H = 480;
  private static final int LEFT = 80;
  private static final int RIGHT = 340;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
      "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
  /** Percentile axis ends at 99.999 %. */
  private static final double MAX_NINES = 5;

  private SvgPlot() {}

  static String render(Chart chart, String subtitle) {
    boolean pct = chart.xAxis().equals("percentile");
    double xMin = pct ? 0 : Double.MAX_VALUE;
    double xMax = pct ? 1 : -Double.MAX_VALUE;
    double yMin = Double.MAX_VALUE;
    double yMax = -Double.MAX_VALUE;
    for (Chart.Line l : chart.lines()) {
      for (double[] p : l.points()) {
        double x = x(pct, p[0]);
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
        yMin = Math.min(yMin, Math.max(p[1], 1));
        yMax = Math.max(yMax, Math.max(p[1], 1));
      }
    }
    if (yMin > yMax) { // no points at all
      yMin = 1;
      yMax = 10;
    }
    if (xMax <= xMin) {
      xMax = xMin + 1;
    }
    double lo = Math.floor(Math.log10(yMin));
    double hi = Math.max(lo + 1, Math.ceil(Math.log10(yMax)));
    Scale sx = new Scale(xMin, xMax, LEFT, W - RIGHT);
    Scale sy = new Scale(lo, hi, H - BOTTOM, TOP);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
        LEFT, esc(chart.title())));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"34\" fill=\"#555\">%s</text>%n", LEFT, esc(subtitle)));
    for (int d = (int) lo; d <= (int) hi; d++) { // y grid: decades
      double y = sy.at(d);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, y, W - RIGHT, y));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
          y + 4, micros(Math.pow(10, d))));
    }
    for (double[] tick : xTicks(pct, xMin, xMax)) {
      double x = sx.at(tick[0]);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
          x, TOP, x, H - BOTTOM));
      String label = pct ? pctLabel(tick[1]) : Long.toString((long) tick[1]);
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
          H - BOTTOM + 18, label));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
        (LEFT + W - RIGHT) / 2, H - 16, pct ? "percentile" : "concurrent clients"));
    svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" "
        + "text-anchor=\"middle\">latency (log scale)</text>%n", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#333\"/>%n", LEFT, TOP, W - RIGHT - LEFT, H - BOTTOM - TOP));
    int i = 0;
    for (Chart.Line l : chart.lines()) {
      String color = COLORS[i % COLORS.length];
      List<String> pts = new ArrayList<>();
      for (double[] p : l.points()) {
        pts.add(String.format(Locale.ROOT, "%.1f,%.1f", sx.at(x(pct, p[0])), sy.at(Math.log10(Math.max(p[1], 1)))));
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
          + "points=\"%s\"/>%n", color, l.floor() ? " stroke-dasharray=\"6,4\"" : "", String.join(" ", pts)));
      int ly = TOP + 10 + 18 * i;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
          + "stroke-width=\"2\"%s/>%n", W - RIGHT + 12, ly, W - RIGHT + 36, ly, color,
          l.floor() ? " stroke-dasharray=\"6,4\"" : ""));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n",
          W - RIGHT + 42, ly + 4, esc(l.label().length() > 48 ? l.label().substring(0, 47) + "…" : l.label())));
      i++;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static double x(boolean pct, double v) {
    if (pct) {
      return v >= 100 ? MAX_NINES : Math.min(MAX_NINES, -Math.log10(1 - v / 100));
    }
    return Math.log(Math.max(v, 1)) / Math.log(2);
  }

  /** Ticks as {position, label value}. */
  private static List<double[]> xTicks(boolean pct, double xMin, double xMax) {
    List<double[]> ticks = new ArrayList<>();
    if (pct) {
      double[] ps = {0, 90, 99, 99.9, 99.99, 99.999};
      for (double p : ps) {
        if (x(true, p) <= xMax + 1e-9) {
          ticks.add(new double[] {x(true, p), p});
        }
      }
    } else {
      for (int e = (int) Math.floor(xMin); e <= (int) Math.ceil(xMax); e++) {
        ticks.add(new double[] {e, Math.pow(2, e)});
      }
    }
    return ticks;
  }

  private static String pctLabel(double p) {
    return p == Math.rint(p) ? (long) p + " %" : p + " %";
  }

  private static String micros(double us) {
    if (us >= 1_000_000) {
      return (long) (us / 1_000_000) + " s";
    }
    if (us >= 1000) {
      return (long) (us / 1000) + " ms";
    }
    return (long) us + " µs";
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private record Scale(double from, double to, double pixelFrom, double pixelTo) {
    double at(double v) {
      return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
    }
  }
}
