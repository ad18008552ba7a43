package io.hearth.core.job.dispatch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the {@code HEARTH_INSTANCE_TYPES} file: one instance type a line, its name first, then
 * {@code key=value} fields in any order; blank lines and lines starting with {@code #} are skipped.
 *
 * <pre>
 * # name      fields
 * small       vcpus=2  ram=4Gi   scratch=50Gi price=0.10
 * small-spot  vcpus=2  ram=4Gi   scratch=50Gi price=0.03 preemptible=true
 * gpu         vcpus=8  ram=61Gi  scratch=200G gpus=1 price=0.90
 * </pre>
 *
 * <p>{@code vcpus}, {@code ram} and {@code price} are required; {@code scratch} and {@code gpus}
 * default to 0, {@code preemptible} to false. Sizes are whole numbers of bytes with an optional
 * suffix: {@code Ki Mi Gi Ti} (powers of 1024) or {@code K M G T} (powers of 1000), either
 * optionally followed by {@code B}. Prices are plain decimals. A file without a type, or a
 * mistake, throws an {@link IllegalArgumentException} naming the line and what to write instead.
 * Pure: the caller reads the file.
 */
public final class InstanceTypes {
  private static final Set<String> KEYS = Set.of("vcpus", "ram", "scratch", "gpus", "price", "preemptible");
  private static final String KNOWN = "vcpus, ram, scratch, gpus, price, preemptible";

  private InstanceTypes() {}

  /** The types {@code text} declares, in file order; {@code source} names the file in errors. */
  public static List<InstanceType> parse(String source, String text) {
    List<InstanceType> types = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      InstanceType type = line(where, line);
      if (!names.add(type.name())) {
        throw new IllegalArgumentException(where + ": instance type " + type.name()
            + " is already declared above; give each type a unique name");
      }
      types.add(type);
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException(source + " declares no instance types; write one a line, e.g."
          + " 'small vcpus=2 ram=4Gi scratch=50Gi price=0.10', or unset it on an all-in-one node");
    }
    return List.copyOf(types);
  }

  private static InstanceType line(String where, String line) {
    String[] words = line.split("\\s+");
    String name = words[0];
    if (name.contains("=")) {
      throw new IllegalArgumentException(where + ": a line starts with the type's name, then key=value fields"
          + " (e.g. 'small vcpus=2 ram=4Gi price=0.10'), not '" + name + "'");
    }
    Map<String, String> fields = new HashMap<>();
    for (int w = 1; w < words.length; w++) {
      int eq = words[w].indexOf('=');
      if (eq <= 0 || eq == words[w].length() - 1) {
        throw new IllegalArgumentException(where + ": '" + words[w] + "' is not a key=value field");
      }
      String key = words[w].substring(0, eq);
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown field '" + key + "' (known: " + KNOWN + ")");
      }
      if (fields.put(key, words[w].substring(eq + 1)) != null) {
        throw new IllegalArgumentException(where + ": field '" + key + "' is given twice");
      }
    }
    for (String required : List.of("vcpus", "ram", "price")) {
      if (!fields.containsKey(required)) {
        throw new IllegalArgumentException(where + ": instance type " + name + " has no '" + required + "='");
      }
    }
    try {
      return new InstanceType(name, count(where, "vcpus", fields.get("vcpus")), size(where, "ram", fields.get("ram")),
          size(where, "scratch", fields.getOrDefault("scratch", "0")),
          count(where, "gpus", fields.getOrDefault("gpus", "0")), price(where, fields.get("price")),
          bool(where, fields.getOrDefault("preemptible", "false")));
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static int count(String where, String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": " + key + "=" + value + " is not a whole number");
    }
  }

  /** Bytes from {@code 123}, {@code 4Gi}, {@code 4GiB}, {@code 50G}, {@code 512Mi}. */
  static long size(String where, String key, String value) {
    String digits = value.endsWith("B") ? value.substring(0, value.length() - 1) : value;
    long unit = 1;
    int cut = digits.length();
    if (digits.endsWith("i") && digits.length() >= 2) {
      unit = power(1024, "KMGT".indexOf(digits.charAt(digits.length() - 2)) + 1);
      cut = unit == 1 ? -1 : digits.length() - 2;
    } else if (!digits.isEmpty() && "KMGT".indexOf(digits.charAt(digits.length() - 1)) >= 0) {
      unit = power(1000, "KMGT".indexOf(digits.charAt(digits.length() - 1)) + 1);
      cut = digits.length() - 1;
    }
    try {
      if (cut < 0) {
        throw new NumberFormatException();
      }
      long n = Long.parseLong(digits.substring(0, cut));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(where + ": " + key + "=" + value
          + " is not a size; write whole bytes or a whole number with Ki, Mi, Gi, Ti (or K, M, G, T), e.g. 4Gi");
    }
  }

  private static long power(long base, int exponent) {
    long p = 1;
    for (int i = 0; i < exponent; i++) {
      p *= base;
    }
    return p;
  }

  private static BigDecimal price(String where, String value) {
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": price=" + value + " is not a decimal number, e.g. 0.10");
    }
  }

  private static boolean bool(String where, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(where + ": preemptible=" + value + " must be true or false");
    };
  }
}
