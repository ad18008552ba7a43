package io.hearth.server.metrics;

import java.util.List;

/**
 * Prometheus' text exposition format, version 0.0.4: for each family a {@code # HELP} and a {@code
 * # TYPE} line, then one line per sample, {@code name{label="value",...} value}. Help text escapes
 * backslash and newline; label values also escape the double quote.
 */
final class Exposition {
  /** The Content-Type of a scrape. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private Exposition() {}

  static String write(List<MetricFamily> families) {
    StringBuilder out = new StringBuilder(4096);
    for (MetricFamily f : families) {
      out.append("# HELP ").append(f.name()).append(' ').append(escape(f.help(), false)).append('\n');
      out.append("# TYPE ").append(f.name()).append(' ').append(f.type().word()).append('\n');
      for (MetricFamily.Sample s : f.samples()) {
        out.append(s.name());
        if (!s.labelNames().isEmpty()) {
          out.append('{');
          for (int i = 0; i < s.labelNames().size(); i++) {
            if (i > 0) {
              out.append(',');
            }
            out.append(s.labelNames().get(i)).append("=\"").append(escape(s.labelValues().get(i), true)).append('"');
          }
          out.append('}');
        }
        out.append(' ').append(number(s.value())).append('\n');
      }
    }
    return out.toString();
  }

  /** A value as Prometheus writes it: whole numbers without a fraction, +Inf, -Inf, NaN. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String escape(String s, boolean quote) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = switch (c) {
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '"' -> quote ? "\\\"" : null;
        default -> null;
      };
      if (r != null && b == null) {
        b = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (b != null) {
        if (r != null) {
          b.append(r);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
