package io.hearth.bench.report;

import io.hearth.bench.load.LoadResult;
import org.HdrHistogram.Histogram;

/**
 * One measured series: a load phase (or the rounds of one, merged), or a set of samples (cold
 * starts, thaws), on one side of a comparison.
 *
 * @param side       "hearth" (through the node) or "floor" (the same container or image without Hearth)
 * @param mode       "closed" (N clients back to back), "open" (fixed rate, latency from the intended
 *                   send time), or "samples" (separate timed events)
 * @param throughput successful calls per second (0 for samples)
 * @param latency    for an open loop, from each call's intended send time
 * @param service    open loop only: from the actual send time; null otherwise
 * @param firstError the first failure, or null
 * @param cpuUsPerCall this process's CPU time per call over the phase (the client's; with the node
 *                   in-process, the node's too), microseconds; -1 when unknown or for samples
 */
public record SeriesReport(String label, String side, String mode, int clients, double rate, long calls, long errors,
    long unsent, long late, double seconds, double throughput, Latency latency, Latency service, String firstError,
    double cpuUsPerCall) {

  public static final String HEARTH = "hearth";
  public static final String FLOOR = "floor";

  public static SeriesReport of(String label, String side, LoadResult r) {
    return new SeriesReport(label, side, r.mode(), r.clients(), r.targetRate(), r.calls(), r.errors(), r.unsent(),
        r.late(), Latency.round(r.seconds()), Latency.round(r.throughput()), Latency.of(r.latency()),
        r.mode().equals("open") ? Latency.of(r.service()) : null, r.firstError(), Latency.round(r.cpuMicrosPerCall()));
  }

  /** Separate samples (nanoseconds in the histogram). */
  public static SeriesReport samples(String label, String side, Histogram h, long errors, String firstError) {
    return new SeriesReport(label, side, "samples", 1, 0, h.getTotalCount(), errors, 0, 0, 0, 0, Latency.of(h), null,
        firstError, -1);
  }
}
