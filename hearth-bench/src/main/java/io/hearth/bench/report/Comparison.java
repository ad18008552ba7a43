package io.hearth.bench.report;

/**
 * One figure through Hearth against its floor measured in the same run.
 *
 * @param unit       "us", "ms", "calls/s" or "" for counts and fractions
 * @param difference hearth - floor
 * @param ratio      hearth / floor (0 when the floor is 0)
 * @param target     the goal, in words (e.g. "difference <= 150 us"), or "" for none
 * @param met        whether the target is met; null when there is none
 */
public record Comparison(String measure, String unit, double hearth, double floor, double difference, double ratio,
    String target, Boolean met) {

  public static Comparison of(String measure, String unit, double hearth, double floor) {
    return new Comparison(measure, unit, Latency.round(hearth), Latency.round(floor), Latency.round(hearth - floor),
        floor == 0 ? 0 : Math.round(hearth / floor * 1000) / 1000.0, "", null);
  }

  /** The same with a target on the difference: hearth - floor <= limit. */
  public static Comparison atMostAbove(String measure, String unit, double hearth, double floor, double limit) {
    Comparison c = of(measure, unit, hearth, floor);
    return new Comparison(measure, unit, c.hearth, c.floor, c.difference, c.ratio,
        "difference <= " + fmt(limit) + " " + unit, hearth - floor <= limit);
  }

  /** The same with a target on the ratio: hearth / floor >= fraction. */
  public static Comparison atLeastRatio(String measure, String unit, double hearth, double floor, double fraction) {
    Comparison c = of(measure, unit, hearth, floor);
    return new Comparison(measure, unit, c.hearth, c.floor, c.difference, c.ratio,
        "ratio >= " + fmt(fraction), floor > 0 && hearth / floor >= fraction);
  }

  /** The same with a target on the ratio: hearth / floor <= most. */
  public static Comparison atMostRatio(String measure, String unit, double hearth, double floor, double most) {
    Comparison c = of(measure, unit, hearth, floor);
    return new Comparison(measure, unit, c.hearth, c.floor, c.difference, c.ratio,
        "ratio <= " + fmt(most), floor > 0 && hearth / floor <= most);
  }

  /** A figure with an absolute target (hearth <= limit); the floor column holds the reference measured with it. */
  public static Comparison atMost(String measure, String unit, double hearth, double floor, double limit) {
    Comparison c = of(measure, unit, hearth, floor);
    return new Comparison(measure, unit, c.hearth, c.floor, c.difference, c.ratio,
        "<= " + fmt(limit) + " " + unit, hearth <= limit);
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
