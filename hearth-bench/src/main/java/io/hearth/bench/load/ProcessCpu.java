package io.hearth.bench.load;

import java.lang.management.ManagementFactory;

/**
 * CPU time used by this process (the load generator, and the node when it runs in-process). CPU
 * time, unlike latency, is barely disturbed by other work on the machine: the difference per call
 * between a phase through Hearth and a direct phase is the node's own cost of a call.
 */
public final class ProcessCpu {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ProcessCpu() {}

  /** Nanoseconds of CPU this process has used; -1 when the platform cannot tell. */
  public static long nanos() {
    return OS.getProcessCpuTime();
  }
}
