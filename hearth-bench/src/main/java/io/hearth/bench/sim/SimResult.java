package io.hearth.bench.sim;

import java.util.List;

/**
 * What one policy did with one trace on one node size. Memory-time is in MB·s; "wasted" is memory
 * held by containers that served nobody: idle ones (prewarmed ones included) and starts that ended
 * idle because no call was waiting for them.
 *
 * @param policy            the policy's name ({@code fixed}, {@code histogram}, {@code greedy-dual})
 * @param memoryMb          the node's memory
 * @param calls             calls in the trace
 * @param coldStarts        calls that waited for a container to start
 * @param refused           calls refused (the node was full for longer than a call may wait)
 * @param functionsCalled   functions with at least one call
 * @param meanFunctionCold  the mean over called functions of each one's cold-start fraction
 * @param p75FunctionCold   the 75th percentile of that (Shahrad et al. report this one)
 * @param coldWaitSeconds   time calls spent waiting for starts, in total
 * @param wastedMbSeconds   idle memory-time, including prewarmed containers and unused starts
 * @param busyMbSeconds     memory-time of containers serving calls
 * @param startingMbSeconds memory-time of starts that a call waited for
 * @param launches          containers started
 * @param prewarms          containers started ahead of calls because the policy planned it
 * @param evictions         idle containers retired to make room
 * @param byPopularity      cold starts and waste per class of functions by calls per day, least called first
 */
public record SimResult(String policy, long memoryMb, long calls, long coldStarts, long refused, int functionsCalled,
    double meanFunctionCold, double p75FunctionCold, double coldWaitSeconds, double wastedMbSeconds,
    double busyMbSeconds, double startingMbSeconds, long launches, long prewarms, long evictions,
    List<Popularity> byPopularity) {

  public SimResult {
    byPopularity = List.copyOf(byPopularity);
  }

  /**
   * The functions called 10^decade to 10^(decade+1) − 1 times a day (scaled from the trace's length).
   *
   * @param wastedMbSeconds their idle memory-time, as in {@link SimResult#wastedMbSeconds}
   */
  public record Popularity(int decade, int functions, long calls, long coldStarts, double wastedMbSeconds) {
    Popularity plus(Popularity o) {
      return new Popularity(decade, functions + o.functions, calls + o.calls, coldStarts + o.coldStarts,
          wastedMbSeconds + o.wastedMbSeconds);
    }

    /** "1-9", "10-99", ... */
    public String label() {
      long low = Math.round(Math.pow(10, decade));
      return low + "-" + (low * 10 - 1);
    }
  }

  /** Cold starts per call. */
  public double coldFraction() {
    return calls == 0 ? 0 : (double) coldStarts / calls;
  }
}
