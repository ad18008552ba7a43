package io.hearth.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the report says about the machine and the JDK. Reads /proc; call from main's wiring. */
public final class Machine {
  private Machine() {}

  public static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memory", gib(memTotalKib()) + " GiB");
    m.put("cpu", firstValue(read("/proc/cpuinfo"), "model name"));
    m.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("load average at start", loadAverage());
    return m;
  }

  public static Map<String, Object> jdk() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + Runtime.version());
    return m;
  }

  /** The 1, 5 and 15 minute load averages, as /proc/loadavg says. */
  public static String loadAverage() {
    String s = read("/proc/loadavg").strip();
    String[] parts = s.split("\\s+");
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
  }

  private static long memTotalKib() {
    String v = firstValue(read("/proc/meminfo"), "MemTotal");
    try {
      return Long.parseLong(v.replace("kB", "").strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String gib(long kib) {
    return String.format(java.util.Locale.ROOT, "%.1f", kib / 1024.0 / 1024.0);
  }

  private static String firstValue(String text, String key) {
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
        return line.substring(colon + 1).strip();
      }
    }
    return "unknown";
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      return "";
    }
  }
}
