package io.hearth.bench.load;

import java.lang.management.ManagementFactory;

/**
 * CPU time and heap allocation of the calling thread, and heap allocation of the whole process:
 * what a load phase subtracts to tell its clients' own cost from the in-process node's. Both are
 * counted by the JVM per thread (a virtual thread's work lands on its carrier), so they are barely
 * disturbed by other load on the machine.
 */
public final class ThreadCost {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ThreadCost() {}

  /** CPU nanoseconds the calling thread has used; -1 when the JVM cannot tell. */
  public static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  /** Heap bytes the calling thread has allocated; -1 when the JVM cannot tell. */
  public static long threadAllocatedBytes() {
    return THREADS.isThreadAllocatedMemorySupported() ? THREADS.getCurrentThreadAllocatedBytes() : -1;
  }

  /** Heap bytes every thread of this process has allocated since it started; -1 when unknown. */
  public static long processAllocatedBytes() {
    return THREADS.isThreadAllocatedMemorySupported() ? THREADS.getTotalThreadAllocatedBytes() : -1;
  }
}
