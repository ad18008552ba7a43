package io.hearth.bench.scenario;

import io.hearth.bench.cluster.BenchCluster;
import io.hearth.bench.cluster.NodeProcess;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.ClosedLoop;
import io.hearth.bench.load.Endpoint;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lb scenario as a before/after in one run ({@code --lb-compare DIR}): this build's three
 * processes and another build's (same JVM options, engine, image and client) side by side, and
 * their four 1-client phases (direct and lb on each build) interleaved, the order reversed every
 * round. Both builds' nodes run on their server classpath ({@link NodeProcess#classpathOfBuild}),
 * as {@code ./hearth server} does. The CPU of each process is read around its own side's phases
 * only, so the other build's idle processes are not in it.
 */
final class LbCompare {
  /** One side of the comparison: where its calls go, and the processes whose CPU is its cost. */
  private static final class Side {
    final String label;
    final Endpoint at;
    final Call call;
    final List<NodeProcess> processes;
    final long[] cpu;
    long nanos; // wall time of this side's phases
    LoadResult result;

    Side(String label, Endpoint at, Call call, List<NodeProcess> processes) {
      this.label = label;
      this.at = at;
      this.call = call;
      this.processes = processes;
      this.cpu = new long[processes.size()];
    }

    void run(ClosedLoop.Spec spec) throws InterruptedException {
      long[] before = new long[processes.size()];
      for (int i = 0; i < before.length; i++) {
        before[i] = processes.get(i).cpuNanos();
      }
      long t0 = System.nanoTime();
      LoadResult r = ClosedLoop.run(spec, i -> at, i -> () -> call);
      nanos += System.nanoTime() - t0;
      for (int i = 0; i < before.length; i++) {
        long after = processes.get(i).cpuNanos();
        cpu[i] = cpu[i] < 0 || before[i] < 0 || after < 0 ? -1 : cpu[i] + after - before[i];
      }
      result = result == null ? r : result.plus(r);
    }

    double cpuPerCall(int process) {
      return LbTrio.perCall(cpu[process], result.allCalls());
    }

    /**
     * CPU per call less what the process spends idle (its rate while the other sides run: timers,
     * polls, JIT), so that a slow side's few calls are not charged its background.
     */
    double netCpuPerCall(int process, long totalCpu, long totalNanos) {
      long idleNanos = totalNanos - nanos;
      if (cpu[process] < 0 || totalCpu < 0 || idleNanos <= 0) {
        return -1;
      }
      double idleRate = (double) (totalCpu - cpu[process]) / idleNanos;
      return LbTrio.perCall(Math.round(cpu[process] - idleRate * nanos), result.allCalls());
    }
  }

  private LbCompare() {}

  static ScenarioReport run(BenchContext ctx, Path other, String name, String title) throws Exception {
    Sizes s = ctx.sizes();
    String otherClasspath = NodeProcess.classpathOfBuild(other);
    String thisClasspath = NodeProcess.classpathOfBuild(ctx.repoRoot());
    try (BenchCluster now = ctx.cluster(thisClasspath); BenchCluster then = ctx.cluster(otherClasspath)) {
      ctx.log("lb: this build's direct node, runner and lb (logs in " + now.logs() + "), and " + other
          + "'s (logs in " + then.logs() + ")");
      LbTrio a = LbTrio.start(ctx, now);
      LbTrio b = LbTrio.start(ctx, then);
      Duration jit = s.warmup().multipliedBy(LbHopScenario.JIT_WARMUP_FACTOR);
      ctx.log("lb: " + jit.toMillis() + " ms of unmeasured calls on each of the four sides (JIT warm-up)");
      a.warmUp(ctx, jit);
      b.warmUp(ctx, jit);
      List<Side> sides = List.of(
          new Side("other build: direct on a node", b.directAt(), b.call(), List.of(b.direct())),
          new Side("other build: lb -> runner", b.lbAt(), b.call(), List.of(b.lb(), b.runner())),
          new Side("this build: direct on a node", a.directAt(), a.call(), List.of(a.direct())),
          new Side("this build: lb -> runner", a.lbAt(), a.call(), List.of(a.lb(), a.runner())));
      long[] cpu0 = {a.lb().cpuNanos(), a.runner().cpuNanos(), b.lb().cpuNanos(), b.runner().cpuNanos()};
      long t0 = System.nanoTime();
      long seconds = s.warmup().plus(s.duration()).toSeconds() + 1;
      ClosedLoop.Spec spec = new ClosedLoop.Spec(1, s.warmup(), s.duration(), seconds * 200_000, s.callTimeout());
      for (int round = 0; round < s.rounds(); round++) {
        List<Side> order = new ArrayList<>(sides);
        if (round % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (Side side : order) {
          ctx.log("lb compare: round " + (round + 1) + "/" + s.rounds() + ", " + side.label + ", 1 client");
          side.run(spec);
        }
      }
      long[] cpu1 = {a.lb().cpuNanos(), a.runner().cpuNanos(), b.lb().cpuNanos(), b.runner().cpuNanos()};
      long total = System.nanoTime() - t0;
      double[] net = {
          sides.get(3).netCpuPerCall(0, diff(cpu0[0], cpu1[0]), total),
          sides.get(3).netCpuPerCall(1, diff(cpu0[1], cpu1[1]), total),
          sides.get(1).netCpuPerCall(0, diff(cpu0[2], cpu1[2]), total),
          sides.get(1).netCpuPerCall(1, diff(cpu0[3], cpu1[3]), total)};
      return report(ctx, other, name, title, sides, net);
    }
  }

  private static long diff(long before, long after) {
    return before < 0 || after < 0 ? -1 : after - before;
  }

  /** @param net net CPU per call: this build's lb and runner, the other build's lb and runner */
  private static ScenarioReport report(BenchContext ctx, Path other, String name, String title, List<Side> sides,
      double[] net) {
    List<SeriesReport> series = sides.stream()
        .map(x -> SeriesReport.of(x.label + ", 1 client", x.label.endsWith("node") ? SeriesReport.FLOOR
            : SeriesReport.HEARTH, x.result)).toList();
    double thenAdded = series.get(1).latency().p50() - series.get(0).latency().p50();
    double nowAdded = series.get(3).latency().p50() - series.get(2).latency().p50();
    List<Comparison> comparisons = List.of(
        Comparison.atMostAbove("this build: added by the lb hop, p50", "us", series.get(3).latency().p50(),
            series.get(2).latency().p50(), LbHopScenario.ADDED_P50_US),
        Comparison.of("other build: added by the lb hop, p50", "us", series.get(1).latency().p50(),
            series.get(0).latency().p50()),
        Comparison.of("this build: added by the lb hop, p99", "us", series.get(3).latency().p99(),
            series.get(2).latency().p99()),
        Comparison.of("other build: added by the lb hop, p99", "us", series.get(1).latency().p99(),
            series.get(0).latency().p99()),
        Comparison.of("added at p50: this build vs the other", "us", nowAdded, thenAdded),
        Comparison.of("lb CPU per call: this build vs the other", "us", sides.get(3).cpuPerCall(0),
            sides.get(1).cpuPerCall(0)),
        Comparison.of("runner CPU per call: this build vs the other", "us", sides.get(3).cpuPerCall(1),
            sides.get(1).cpuPerCall(1)),
        Comparison.of("lb net CPU per call: this build vs the other", "us", net[0], net[2]),
        Comparison.of("runner net CPU per call: this build vs the other", "us", net[1], net[3]));
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("other build", other.toString());
    for (String build : List.of("other build", "this build")) {
      int i = build.startsWith("other") ? 0 : 2;
      facts.put(build + ": CPU per call, direct node (us)", sides.get(i).cpuPerCall(0));
      facts.put(build + ": CPU per call, lb (us)", sides.get(i + 1).cpuPerCall(0));
      facts.put(build + ": CPU per call, runner (us)", sides.get(i + 1).cpuPerCall(1));
      facts.put(build + ": net CPU per call, lb (us)", net[i == 0 ? 2 : 0]);
      facts.put(build + ": net CPU per call, runner (us)", net[i == 0 ? 3 : 1]);
    }
    return new ScenarioReport(name, title + " (before/after in one run)", "ok", "", series, comparisons, facts,
        List.of("Six processes on 127.0.0.1 with the same JVM options, each on its build's server classpath: for "
            + "this build and for " + other + ", an all-in-one node (the direct side, and the api of that build's own embedded datastore), a "
            + "runner and an lb over it. One function of the benchmark image, warm on all four sides; testfn "
            + "`echo` with " + ctx.sizes().payloadBytes() + " bytes, one client. The four phases run one after "
            + "another, the order reversed every round.",
            "CPU per call: each process's CPU (from /proc, 10 ms ticks) over its own side's phases only, their "
                + "warm-up included, per call of those phases; the client's own CPU is not in it. Net CPU per "
                + "call: the same less the process's idle rate (its CPU per second while the other sides' phases "
                + "run: timers, status polls, JIT) over its own phases."),
        List.of(Chart.percentiles("The lb hop, this build vs " + other.getFileName(), series)));
  }
}
