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
    long allCalls) {

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
        cpuNanos < 0 || o.cpuNanos < 0 ? -1 : cpuNanos + o.cpuNanos, allCalls + o.allCalls);
  }

  /** A histogram of nanoseconds up to two minutes, three significant digits. */
  public static Histogram histogram() {
    return new Histogram(Latencies.HIGHEST_NANOS, 3);
  }
}
