package io.hearth.agent;

import java.util.HashMap;
import java.util.Map;

/**
 * Pure parsers for the files the node capacity probe reads: {@code /proc/meminfo},
 * {@code /proc/self/cgroup}, and the memory and CPU limit files of cgroup v1 and v2. Each takes the
 * file's content and returns a number; {@link #UNLIMITED} stands for "no limit here". Stateless.
 */
final class CgroupLimits {
  /** No limit. */
  static final long UNLIMITED = Long.MAX_VALUE;
  /**
   * A cgroup v1 memory limit at or above this is "unlimited": the kernel reports no limit as
   * {@code PAGE_COUNTER_MAX} pages in bytes, 9223372036854771712 with 4 KiB pages and smaller
   * with larger pages, so any value beyond 1 EiB (no machine has that much) means none.
   */
  static final long V1_UNLIMITED_FLOOR = 1L << 60;
  /** The key of the cgroup v2 (unified) line of {@code /proc/self/cgroup} in {@link #ownCgroups}. */
  static final String UNIFIED = "";

  private CgroupLimits() {}

  /** MemTotal of {@code /proc/meminfo} in bytes. */
  static long memTotalBytes(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
        long value = Long.parseLong(parts[0]);
        if (parts.length > 1 && !parts[1].equalsIgnoreCase("kB")) {
          throw new IllegalArgumentException("MemTotal in unknown unit '" + parts[1] + "' in /proc/meminfo");
        }
        return parts.length > 1 ? Math.multiplyExact(value, 1024L) : value;
      }
    }
    throw new IllegalArgumentException("no MemTotal line in /proc/meminfo");
  }

  /**
   * The process's cgroups from {@code /proc/self/cgroup} ({@code id:controllers:path} lines): each
   * v1 controller (also each of a comma-joined list such as {@code cpu,cpuacct}, and named
   * hierarchies as {@code name=systemd}) maps to its path; the v2 line ({@code 0::/path}) maps
   * under {@link #UNIFIED}.
   */
  static Map<String, String> ownCgroups(String procSelfCgroup) {
    Map<String, String> paths = new HashMap<>();
    for (String line : procSelfCgroup.split("\n")) {
      int first = line.indexOf(':');
      int second = first < 0 ? -1 : line.indexOf(':', first + 1);
      if (second < 0) {
        continue;
      }
      String controllers = line.substring(first + 1, second);
      String path = line.substring(second + 1).strip();
      if (controllers.isEmpty()) {
        paths.put(UNIFIED, path);
      } else {
        for (String c : controllers.split(",")) {
          paths.put(c, path);
        }
      }
    }
    return paths;
  }

  /** The joined controller list of the v1 line holding {@code controller} (e.g. {@code cpu,cpuacct}), or null. */
  static String v1Hierarchy(String procSelfCgroup, String controller) {
    for (String line : procSelfCgroup.split("\n")) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && !f[1].isEmpty()) {
        for (String c : f[1].split(",")) {
          if (c.equals(controller)) {
            return f[1];
          }
        }
      }
    }
    return null;
  }

  /** cgroup v1 {@code memory.limit_in_bytes}; the kernel's no-limit sentinel is {@link #UNLIMITED}. */
  static long v1MemoryLimit(String content) {
    long v = parseLong(content, "memory.limit_in_bytes");
    return v < 0 || v >= V1_UNLIMITED_FLOOR ? UNLIMITED : v;
  }

  /** cgroup v2 {@code memory.max}: bytes, or {@code max}. */
  static long v2MemoryMax(String content) {
    String s = content.strip();
    return s.equals("max") ? UNLIMITED : parseLong(s, "memory.max");
  }

  /**
   * CPU from cgroup v1 {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us} in milli-CPUs
   * (quota / period, rounded down, at least 1); a quota of -1 is {@link #UNLIMITED}.
   */
  static long v1CpuMillis(String quota, String period) {
    long q = parseLong(quota, "cpu.cfs_quota_us");
    if (q < 0) {
      return UNLIMITED;
    }
    return millis(q, parseLong(period, "cpu.cfs_period_us"));
  }

  /** cgroup v2 {@code cpu.max} ({@code "<quota|max> <period>"}) in milli-CPUs. */
  static long v2CpuMillis(String content) {
    String[] f = content.strip().split("\\s+");
    if (f[0].equals("max")) {
      return UNLIMITED;
    }
    long period = f.length > 1 ? parseLong(f[1], "cpu.max period") : 100_000;
    return millis(parseLong(f[0], "cpu.max quota"), period);
  }

  private static long millis(long quota, long period) {
    if (period <= 0) {
      throw new IllegalArgumentException("CPU period must be positive, not " + period);
    }
    return Math.max(1, quota * 1000 / period);
  }

  private static long parseLong(String content, String what) {
    try {
      return Long.parseLong(content.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cannot read " + what + ": '" + content.strip() + "' is not a number", e);
    }
  }
}
