package io.hearth.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amounts as people type and read them: bytes with a unit ({@code 512Mi}, {@code 1Gi}, {@code 2G})
 * and CPUs as cores ({@code 1}, {@code 0.5}) or milli-CPUs ({@code 500m}), the way Kubernetes writes
 * them.
 */
final class Quantities {
  private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTP]i?)?B?", Pattern.CASE_INSENSITIVE);
  private static final Pattern CPUS = Pattern.compile("(\\d+(?:\\.\\d+)?)(m)?");
  private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi"};

  private Quantities() {}

  /**
   * Bytes from {@code 123}, {@code 512Mi}, {@code 1.5Gi} (×1024 per step) or {@code 2G} (×1000).
   *
   * @param option the option it came from, for the message
   */
  static long bytes(String text, String option) {
    Matcher m = BYTES.matcher(text.strip());
    if (!m.matches()) {
      throw CliFailure.usage(option + " takes bytes with an optional unit, e.g. 512Mi, 1Gi, 2G or 1048576, not '"
          + text + "'");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2);
    if (unit != null) {
      int step = "KMGTP".indexOf(Character.toUpperCase(unit.charAt(0))) + 1;
      BigDecimal base = BigDecimal.valueOf(unit.length() == 2 ? 1024 : 1000);
      amount = amount.multiply(base.pow(step));
    }
    try {
      return amount.setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw CliFailure.usage(option + " must come to a whole number of bytes that fits in 64 bits, not '" + text + "'");
    }
  }

  /** Milli-CPUs from cores ({@code 1}, {@code 0.25}) or milli-CPUs ({@code 250m}). */
  static long milliCpus(String text, String option) {
    Matcher m = CPUS.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw CliFailure.usage(option + " takes cores (1, 0.5) or milli-CPUs (500m), not '" + text + "'");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    if (m.group(2) == null) {
      amount = amount.movePointRight(3);
    }
    try {
      return amount.setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw CliFailure.usage(option + " is counted in thousandths of a CPU at the finest, not '" + text + "'");
    }
  }

  /** Bytes for people: {@code 512Mi}, {@code 1.5Gi}, {@code 100} (one decimal at most). */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return Long.toString(bytes);
    }
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < BINARY.length - 1) {
      v /= 1024;
      i++;
    }
    String n = String.format(Locale.ROOT, "%.1f", v);
    return (n.endsWith(".0") ? n.substring(0, n.length() - 2) : n) + BINARY[i];
  }

  /** Milli-CPUs for people as cores: {@code 1}, {@code 0.5}, {@code 1.25}. */
  static String cpus(long milliCpus) {
    return BigDecimal.valueOf(milliCpus).movePointLeft(3).stripTrailingZeros().toPlainString();
  }
}
