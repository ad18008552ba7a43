package io.hearth.bench.scenario;

import io.hearth.bench.cluster.BenchCluster;
import io.hearth.bench.cluster.NodeProcess;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.Endpoint;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency the lb hop adds (issue 16: at most 100 us at p50; issue 5 asked 300): the same warm function called
 * through an lb and a runner (HTTP to the lb, gRPC to the runner, the runner's agent) and directly
 * on a node that runs it itself (HTTP to an all-in-one node, its agent), in the same run, phases
 * interleaved. Both are processes of their own with the same JVM options on this machine, on the
 * same engine and image; the all-in-one node is the "runner served directly": the same agent and
 * container path, without the lb and the gRPC hop. The process CPU of each node per call is
 * reported too (from /proc): what the hop costs in CPU, less sensitive to other load than latency.
 */
final class LbHopScenario implements Scenario {
  /** Issue 16's target for the hop at p50, one client. */
  static final double ADDED_P50_US = 100;
  /** Unmeasured load on each side before the phases, in multiples of the phases' warm-up. */
  static final int JIT_WARMUP_FACTOR = 5;

  @Override
  public String name() {
    return "lb";
  }

  @Override
  public String title() {
    return "The lb hop: through an lb and a runner vs directly on a node";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    if (ctx.lbCompare().isPresent()) {
      return LbCompare.run(ctx, ctx.lbCompare().get(), name(), title());
    }
    Sizes s = ctx.sizes();
    try (BenchCluster cluster = ctx.cluster()) {
      ctx.log("lb: starting an all-in-one node, a runner and an lb as processes (logs in " + cluster.logs() + ")");
      LbTrio trio = LbTrio.start(ctx, cluster);
      NodeProcess direct = trio.direct();
      NodeProcess lb = trio.lb();
      NodeProcess runner = trio.runner();
      Call call = trio.call();
      Endpoint directAt = trio.directAt();
      Endpoint lbAt = trio.lbAt();
      // the nodes are fresh JVMs: the lb and runner have more code to compile than the direct node,
      // so both sides are driven unmeasured first (a few times the phases' own warm-up)
      Duration jit = s.warmup().multipliedBy(JIT_WARMUP_FACTOR);
      ctx.log("lb: " + jit.toMillis() + " ms of unmeasured calls on each side (JIT warm-up)");
      trio.warmUp(ctx, jit);

      long[] cpu0 = {direct.cpuNanos(), lb.cpuNanos(), runner.cpuNanos()};
      Phases.Pair one = Phases.closed(ctx, "lb hop, 1 client", 1, i -> directAt, call, lbAt, i -> () -> call);
      long[] cpu1 = {direct.cpuNanos(), lb.cpuNanos(), runner.cpuNanos()};
      int clients = Math.min(4, s.maxClients());
      Phases.Pair many = Phases.closed(ctx, "lb hop, " + clients + " clients", clients, i -> directAt, call, lbAt,
          i -> () -> call);

      List<SeriesReport> series = List.of(
          SeriesReport.of("direct on a node, 1 client", SeriesReport.FLOOR, one.floor()),
          SeriesReport.of("lb -> runner, 1 client", SeriesReport.HEARTH, one.hearth()),
          SeriesReport.of("direct on a node, " + clients + " clients", SeriesReport.FLOOR, many.floor()),
          SeriesReport.of("lb -> runner, " + clients + " clients", SeriesReport.HEARTH, many.hearth()));
      List<Comparison> comparisons = List.of(
          Comparison.atMostAbove("added by the lb hop, p50, 1 client", "us", series.get(1).latency().p50(),
              series.get(0).latency().p50(), ADDED_P50_US),
          Comparison.of("added by the lb hop, p99, 1 client", "us", series.get(1).latency().p99(),
              series.get(0).latency().p99()),
          Comparison.of("throughput, 1 client", "calls/s", series.get(1).throughput(), series.get(0).throughput()),
          Comparison.of("added by the lb hop, p50, " + clients + " clients", "us", series.get(3).latency().p50(),
              series.get(2).latency().p50()),
          Comparison.of("added by the lb hop, p99, " + clients + " clients", "us", series.get(3).latency().p99(),
              series.get(2).latency().p99()),
          Comparison.of("throughput, " + clients + " clients", "calls/s", series.get(3).throughput(),
              series.get(2).throughput()));
      Map<String, Object> facts = new LinkedHashMap<>();
      long directCalls = one.floor().allCalls();
      long lbCalls = one.hearth().allCalls();
      facts.put("node CPU per call, 1 client: direct node (us)", LbTrio.perCall(cpu1[0] - cpu0[0], directCalls));
      facts.put("node CPU per call, 1 client: lb + runner (us)", LbTrio.perCall(cpu1[1] - cpu0[1] + cpu1[2] - cpu0[2],
          lbCalls));
      facts.put("node CPU per call, 1 client: lb alone (us)", LbTrio.perCall(cpu1[1] - cpu0[1], lbCalls));
      facts.put("node CPU per call, 1 client: runner alone (us)", LbTrio.perCall(cpu1[2] - cpu0[2], lbCalls));
      facts.put("placer", "ch (one runner: placement is trivial here)");
      return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
          "Three processes on 127.0.0.1 with the same JVM options: an all-in-one node (the direct side, and the "
              + "api of the shared embedded datastore), a runner and an lb over it (HEARTH_RUNNER_ADDRESSES). "
              + "One function of the benchmark image, warm on both sides; testfn `echo` with "
              + s.payloadBytes() + " bytes. The difference at p50 is what the hop adds: HTTP handling in the lb, "
              + "placement, and the call's gRPC stream to the runner and back.",
          "Before the phases, " + JIT_WARMUP_FACTOR + " x the warm-up of unmeasured calls (2 clients) on each "
              + "side, so that the JVMs of the nodes have compiled their paths. Node CPU comes from /proc (10 ms "
              + "ticks) over the 1-client phases, their warm-up included; the client's own CPU is not in it."),
          List.of(Chart.percentiles("The lb hop: lb -> runner vs direct", series)));
    }
  }
}
