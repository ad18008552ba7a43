package io.hearth.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one load phase measured. Latencies are in nanoseconds. For an open loop, {@code latency}
 * runs from each call's intended send time (corrected for coordinated omission) and {@code service}
 * from its actual send; for a closed loop both are the same histogram.
 *
 * @param calls   successful calls measured (status 200), warm-up excluded
 * @param errors  measured calls that failed (another status or a broken connection)
 * @param unsent  open loop: calls due before the end that the time limit cut off
 * @param late    open loop: calls sent more than 1 ms after their intended time (the load
 *                generator or the system under test fell behind)
 * @param seconds length of the measured window
 * @param firstError the first failure seen, for the report, or null
 * @param cpuNanos   CPU time this process used during the whole phase, warm-up included (-1: unknown)
 * @param allCalls   calls that ended during the whole phase, warm-up and failures included
 * @param clientCpuNanos CPU time of the load's own client threads over the phase (-1: unknown); the
 *                   rest of {@code cpuNanos} is the in-process node's (and the process's background)
 * @param allocatedBytes heap this process allocated during the phase (-1: unknown)
 * @param clientAllocatedBytes heap the client threads allocated during the phase (-1: unknown)
 */
public record LoadResult(
    String mode,
    int clients,
    double targetRate,
    long calls,
    long errors,
    long unsent,
    long late,
    double seconds,
    Histogram latency,
    Histogram service,
    String firstError,
    long cpuNanos,
    long allCalls,
    long clientCpuNanos,
    long allocatedBytes,
    long clientAllocatedBytes) {

  /** A result without the clients' own CPU and allocation (unknown). */
  public LoadResult(String mode, int clients, double targetRate, long calls, long errors, long unsent, long late,
      double seconds, Histogram latency, Histogram service, String firstError, long cpuNanos, long allCalls) {
    this(mode, clients, targetRate, calls, errors, unsent, late, seconds, latency, service, firstError, cpuNanos,
        allCalls, -1, -1, -1);
  }

  /** The clients' own CPU per call, microseconds; -1 when unknown. */
  public double clientCpuMicrosPerCall() {
    return clientCpuNanos < 0 || allCalls == 0 ? -1 : clientCpuNanos / 1000.0 / allCalls;
  }

  /**
   * CPU per call of everything in the process but the clients (the in-process node, and whatever
   * else runs: JIT, GC, an idle node), microseconds; -1 when unknown.
   */
  public double restCpuMicrosPerCall() {
    return cpuNanos < 0 || clientCpuNanos < 0 || allCalls == 0 ? -1 : (cpuNanos - clientCpuNanos) / 1000.0 / allCalls;
  }

  /** Heap bytes per call allocated by everything but the clients; -1 when unknown. */
  public double restAllocatedBytesPerCall() {
    return allocatedBytes < 0 || clientAllocatedBytes < 0 || allCalls == 0 ? -1
        : (double) (allocatedBytes - clientAllocatedBytes) / allCalls;
  }

  /** Heap bytes per call the clients allocated; -1 when unknown. */
  public double clientAllocatedBytesPerCall() {
    return clientAllocatedBytes < 0 || allCalls == 0 ? -1 : (double) clientAllocatedBytes / allCalls;
  }

  /** This process's CPU per call over the whole phase, in microseconds; -1 when unknown. */
  public double cpuMicrosPerCall() {
    return cpuNanos < 0 || allCalls == 0 ? -1 : cpuNanos / 1000.0 / allCalls;
  }

  public double throughput() {
    return seconds <= 0 ? 0 : calls / seconds;
  }

  /** Two results of the same shape as one, e.g. the rounds of an interleaved comparison. */
  public LoadResult plus(LoadResult o) {
    Histogram l = latency.copy();
    l.add(o.latency);
    Histogram s = service == latency ? l : service.copy();
    if (service != latency) {
      s.add(o.service);
    }
    return new LoadResult(mode, clients, targetRate, calls + o.calls, errors + o.errors, unsent + o.unsent,
        late + o.late, seconds + o.seconds, l, s, firstError != null ? firstError : o.firstError,
        sum(cpuNanos, o.cpuNanos), allCalls + o.allCalls, sum(clientCpuNanos, o.clientCpuNanos),
        sum(allocatedBytes, o.allocatedBytes), sum(clientAllocatedBytes, o.clientAllocatedBytes));
  }

  private static long sum(long a, long b) {
    return a < 0 || b < 0 ? -1 : a + b;
  }

  /** A histogram of nanoseconds up to two minutes, three significant digits. */
  public static Histogram histogram() {
    return new Histogram(Latencies.HIGHEST_NANOS, 3);
  }
}
