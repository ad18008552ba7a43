package io.hearth.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory and CPU this node offers to function containers.
 *
 * <p>{@link #probe} finds them once, from {@code main} only (STYLE 13): the smaller of MemTotal
 * and the memory limits of the process's own cgroup and its ancestors (cgroup v1 or v2, whichever
 * holds the controller), minus {@link #headroomBytes headroom}; the smaller of the CPU count and
 * the cgroup CPU quotas; then each capped by configuration. Parsing is in {@link CgroupLimits};
 * {@link #of} is the pure arithmetic. Immutable.
 *
 * @param memoryBytes memory for containers, bytes
 * @param cpuMillis   CPU for containers, milli-CPUs (1000 = one CPU)
 */
public record NodeCapacity(long memoryBytes, long cpuMillis) {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCapacity.class);
  /**
   * Memory kept back for the OS, dockerd, containerd and Hearth's own JVM: 10 % of the node, at
   * most 1 GiB, because those needs are roughly fixed while a node's memory is not.
   */
  static final long HEADROOM_PERCENT = 10;
  static final long MAX_HEADROOM = 1L << 30;
  // CPU has no headroom: CPU time is shared and only slows when oversubscribed; memory kills.

  public NodeCapacity {
    if (memoryBytes <= 0 || cpuMillis <= 0) {
      throw new IllegalArgumentException("node capacity must be positive, not " + memoryBytes + " bytes and "
          + cpuMillis + " milli-CPUs; check the configured maximums (0 means no cap)");
    }
  }

  /**
   * Probes this machine. Reads {@code /proc} and {@code /sys/fs/cgroup}: call from {@code main}.
   *
   * @param maxMemoryBytes cap on the memory offered, 0 for none
   * @param maxCpuMillis   cap on the CPU offered, 0 for none
   */
  public static NodeCapacity probe(long maxMemoryBytes, long maxCpuMillis) {
    NodeCapacity c = probe(Path.of("/"), Runtime.getRuntime().availableProcessors(), maxMemoryBytes, maxCpuMillis);
    LOG.info("node capacity: {} MiB of memory, {} milli-CPUs", c.memoryBytes() >> 20, c.cpuMillis());
    return c;
  }

  /** Probes the files under {@code root} (a fixture directory in tests). */
  static NodeCapacity probe(Path root, int cpus, long maxMemoryBytes, long maxCpuMillis) {
    String meminfo = read(root.resolve("proc/meminfo"));
    if (meminfo == null) {
      throw new IllegalStateException("cannot read /proc/meminfo to find the node's memory; is /proc mounted? "
          + "Set the maximum total memory explicitly to run without it");
    }
    String selfCgroup = read(root.resolve("proc/self/cgroup"));
    Map<String, String> own = CgroupLimits.ownCgroups(selfCgroup == null ? "" : selfCgroup);
    Path cgroupRoot = root.resolve("sys/fs/cgroup");
    long memLimit = CgroupLimits.UNLIMITED;
    long cpuLimit = CgroupLimits.UNLIMITED;
    if (own.containsKey("memory")) { // v1 memory controller
      Path base = cgroupRoot.resolve("memory");
      for (Path dir : ancestors(base, own.get("memory"))) {
        String limit = read(dir.resolve("memory.limit_in_bytes"));
        if (limit != null) {
          memLimit = Math.min(memLimit, CgroupLimits.v1MemoryLimit(limit));
        }
      }
    } else if (own.containsKey(CgroupLimits.UNIFIED)) {
      for (Path dir : ancestors(cgroupRoot, own.get(CgroupLimits.UNIFIED))) {
        String max = read(dir.resolve("memory.max"));
        if (max != null) {
          memLimit = Math.min(memLimit, CgroupLimits.v2MemoryMax(max));
        }
      }
    }
    if (own.containsKey("cpu")) { // v1 cpu controller, mounted as cpu or as the joined list
      Path base = cgroupRoot.resolve("cpu");
      if (!Files.isDirectory(base)) {
        base = cgroupRoot.resolve(CgroupLimits.v1Hierarchy(selfCgroup, "cpu"));
      }
      for (Path dir : ancestors(base, own.get("cpu"))) {
        String quota = read(dir.resolve("cpu.cfs_quota_us"));
        String period = read(dir.resolve("cpu.cfs_period_us"));
        if (quota != null && period != null) {
          cpuLimit = Math.min(cpuLimit, CgroupLimits.v1CpuMillis(quota, period));
        }
      }
    } else if (own.containsKey(CgroupLimits.UNIFIED)) {
      for (Path dir : ancestors(cgroupRoot, own.get(CgroupLimits.UNIFIED))) {
        String max = read(dir.resolve("cpu.max"));
        if (max != null) {
          cpuLimit = Math.min(cpuLimit, CgroupLimits.v2CpuMillis(max));
        }
      }
    }
    return of(CgroupLimits.memTotalBytes(meminfo), memLimit, cpus, cpuLimit, maxMemoryBytes, maxCpuMillis);
  }

  /**
   * The capacity from what was probed.
   *
   * @param memTotal       MemTotal, bytes
   * @param cgroupMemory   smallest cgroup memory limit, or {@link CgroupLimits#UNLIMITED}
   * @param cpus           CPUs the JVM sees
   * @param cgroupCpu      smallest cgroup CPU quota in milli-CPUs, or {@link CgroupLimits#UNLIMITED}
   * @param maxMemoryBytes configured cap, 0 for none
   * @param maxCpuMillis   configured cap, 0 for none
   */
  static NodeCapacity of(long memTotal, long cgroupMemory, int cpus, long cgroupCpu, long maxMemoryBytes,
      long maxCpuMillis) {
    if (maxMemoryBytes < 0 || maxCpuMillis < 0) {
      throw new IllegalArgumentException("maximum total memory and CPU must be 0 (no cap) or positive");
    }
    long memory = Math.min(memTotal, cgroupMemory);
    memory -= headroomBytes(memory);
    if (maxMemoryBytes > 0) {
      memory = Math.min(memory, maxMemoryBytes);
    }
    long cpu = Math.min(cpus * 1000L, cgroupCpu);
    if (maxCpuMillis > 0) {
      cpu = Math.min(cpu, maxCpuMillis);
    }
    return new NodeCapacity(memory, cpu);
  }

  /** Memory kept back from {@code memory}: {@value #HEADROOM_PERCENT} %, at most 1 GiB. */
  static long headroomBytes(long memory) {
    return Math.min(memory / 100 * HEADROOM_PERCENT, MAX_HEADROOM);
  }

  /**
   * The directories of a cgroup and its ancestors up to the hierarchy's root, that exist under
   * {@code base}. The cgroup's own directory is missing when {@code base} is a bind mount of it
   * (a container without a cgroup namespace): then the mount root itself is the cgroup.
   */
  static List<Path> ancestors(Path base, String cgroupPath) {
    List<Path> dirs = new ArrayList<>();
    String p = cgroupPath == null ? "/" : cgroupPath;
    while (true) {
      String rel = p.replaceFirst("^/+", "");
      Path dir = rel.isEmpty() ? base : base.resolve(rel);
      if (Files.isDirectory(dir)) {
        dirs.add(dir);
      }
      if (rel.isEmpty()) {
        return dirs;
      }
      int slash = p.lastIndexOf('/');
      p = slash <= 0 ? "/" : p.substring(0, slash);
    }
  }

  /** The file's content, or null when it does not exist. */
  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (!Files.exists(file)) {
        return null;
      }
      throw new UncheckedIOException("cannot read " + file + " to find the node's capacity", e);
    }
  }
}
