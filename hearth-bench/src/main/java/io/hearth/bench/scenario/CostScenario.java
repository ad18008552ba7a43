package io.hearth.bench.scenario;

import io.hearth.bench.floor.DirectFleet;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.ClosedLoop;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.node.BenchNode;
import io.hearth.bench.node.NodeCounters;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 16's per-call cost: warm calls at 1 up to 256 clients (closed loop) through a node of its
 * own, against the same clients calling the same number of direct containers, with the node's CPU
 * and heap allocation per call told apart from the clients': each client thread's own CPU time
 * and allocation are counted, and the rest of the process (the node; and the background, which
 * the direct phase measures alone) is the node's. The node's memory cap holds {@code containers}
 * containers, so clients beyond them queue for one, as on a full node.
 */
final class CostScenario implements Scenario {
  private static final long MB = 1024 * 1024;
  /** The cost node's keep-alive policy: Fn's rule, the function's own idle timeout. */
  static final String KEEP_ALIVE = "per-function";
  /** Unmeasured warm-ups of each client count on a new node before its phases. */
  static final int WARMING_PASSES = 3;
  /** Issue 16's targets for the node's CPU per warm call. */
  static final double NODE_CPU_TARGET_US = 30;
  static final double NODE_CPU_TARGET_RATIO = 3;

  @Override
  public String name() {
    return "cost";
  }

  @Override
  public String title() {
    return "Node CPU and allocation per warm call, 1 to 256 clients (issue 16)";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    CostSizes c = ctx.costSizes();
    DirectFleet fleet = ctx.fleet();
    int most = Math.min(c.containers(), c.levels().stream().mapToInt(Integer::intValue).max().orElse(1));
    fleet.ensure(most);
    byte[] body = Calls.echo(s.payloadBytes());
    Call direct = Calls.direct(body);
    List<SeriesReport> series = new ArrayList<>();
    List<Comparison> comparisons = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    List<double[]> nodeCpu = new ArrayList<>();
    List<double[]> clientCpu = new ArrayList<>();
    // per-function keep-alive: the function's idle timeout (120 s) keeps the prewarmed containers between
    // levels; the default adaptive policy may retire containers a function has not needed lately
    try (BenchNode node = ctx.startNode(Map.of("HEARTH_MAX_TOTAL_MEMORY_BYTES",
        Long.toString(c.containers() * BenchContext.FN_MEMORY_MB * MB), "HEARTH_KEEPALIVE_POLICY", KEEP_ALIVE))) {
      String app = node.api().createApp("cost");
      String fn = ctx.newFn(node, app, "cost");
      Call through = Calls.hearth(fn, body);
      Warming.prewarm(node.api(), fn, 1);
      compile(ctx, node, through);
      NodeCounters before = node.api().node();
      for (int n : c.levels()) {
        int k = Math.min(n, c.containers());
        int warm = Warming.prewarm(node.api(), fn, k);
        if (warm < k) {
          facts.put(n + " clients: containers warm before measuring (of " + k + ")", warm);
        }
        warm(ctx, node, through, k); // fresh containers are JVMs whose own code is not compiled yet
        Phases.Pair p = Phases.closed(ctx, "cost " + n + " clients", n, i -> fleet.endpoint(i % k), direct,
            node.endpoint(), i -> () -> through);
        SeriesReport f = SeriesReport.of("direct, " + n + " clients on " + k, SeriesReport.FLOOR, p.floor());
        SeriesReport h = SeriesReport.of("Hearth, " + n + " clients on " + k, SeriesReport.HEARTH, p.hearth());
        series.add(f);
        series.add(h);
        comparisons.addAll(compare(n, p, f, h));
        nodeCpu.add(new double[] {n, nodeCpuUs(p)});
        clientCpu.add(new double[] {n, p.floor().clientCpuMicrosPerCall()});
      }
      facts.putAll(node.api().node().since(before));
      facts.put("node memory cap", c.containers() + " containers of " + BenchContext.FN_MEMORY_MB + " MB");
    }
    Chart chart = new Chart("CPU per warm call by clients (us)", "clients", List.of(
        new Chart.Line("node (Hearth phase minus the direct phase's background)", false, nodeCpu),
        new Chart.Line("direct client", true, clientCpu)));
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "A node of its own whose memory cap holds " + c.containers() + " containers, with HEARTH_KEEPALIVE_POLICY="
            + KEEP_ALIVE + " (containers stay for the function's idle timeout between levels); each level's "
            + "function is "
            + "prewarmed to min(clients, containers), and the direct side spreads the same clients over as many "
            + "direct containers (the FDK serves several connections at once; Hearth gives each call a container "
            + "of its own, so beyond " + c.containers() + " clients calls queue in the node). Closed loop, floor "
            + "and Hearth interleaved " + s.rounds() + " time(s). Node CPU per call = the process's CPU minus "
            + "its client threads' own CPU (ThreadMXBean) over the Hearth phase, less the same over the direct "
            + "phase of the same length (the background: JIT, GC, idle nodes' timers, which go by time, not "
            + "calls), per call of the Hearth phase; node allocation per call likewise from the JVM's per-thread "
            + "allocation counters. The series' CPU/call column is the whole process (client + node)."),
        List.of(chart));
  }

  /**
   * Unmeasured calls on the new node first (one client, then two), so that its JVM code is compiled
   * before the first level: otherwise that level's node CPU is mostly the JIT's.
   */
  static void compile(BenchContext ctx, BenchNode node, Call call) throws InterruptedException {
    Sizes s = ctx.sizes();
    java.time.Duration d = s.warmup().multipliedBy(WARMING_PASSES);
    ctx.log("cost: " + d.toMillis() / 1000.0 + " s of unmeasured calls on the new node (JIT)");
    for (int clients = 1; clients <= 2; clients++) {
      ClosedLoop.run(new ClosedLoop.Spec(clients, java.time.Duration.ZERO, d, 1_000_000, s.callTimeout()),
          i -> node.endpoint(), i -> () -> call);
    }
  }

  /** Unmeasured calls from {@code clients} clients, so that each of that many containers has served some. */
  static void warm(BenchContext ctx, BenchNode node, Call call, int clients) throws InterruptedException {
    Sizes s = ctx.sizes();
    ClosedLoop.run(new ClosedLoop.Spec(clients, java.time.Duration.ZERO, s.warmup().multipliedBy(WARMING_PASSES),
        1_000_000, s.callTimeout()), i -> node.endpoint(), i -> () -> call);
  }

  /**
   * The node's CPU per call, microseconds: the Hearth phase's CPU outside the client threads, less
   * the background (what the process spent outside its clients during the direct phase, which
   * lasts as long: warm-up + duration), per call. Background (JIT, GC, timers of idle nodes) goes
   * by time, not by calls: a slow phase must not be charged the direct phase's per-call share.
   */
  static double nodeCpuUs(Phases.Pair p) {
    return perCall(p, true);
  }

  /** The node's heap allocation per call, bytes, with the background taken out the same way. */
  static double nodeAllocatedBytes(Phases.Pair p) {
    return perCall(p, false);
  }

  private static double perCall(Phases.Pair p, boolean cpu) {
    LoadResult h = p.hearth();
    LoadResult f = p.floor();
    long hRest = cpu ? rest(h.cpuNanos(), h.clientCpuNanos()) : rest(h.allocatedBytes(), h.clientAllocatedBytes());
    long fRest = cpu ? rest(f.cpuNanos(), f.clientCpuNanos()) : rest(f.allocatedBytes(), f.clientAllocatedBytes());
    if (hRest < 0 || fRest < 0 || h.allCalls() == 0) {
      return -1;
    }
    double node = hRest - Math.max(0, fRest); // the two phases last equally long
    return Math.round(node / h.allCalls() / (cpu ? 1000.0 : 1) * 10) / 10.0;
  }

  private static long rest(long all, long clients) {
    return all < 0 || clients < 0 ? -1 : all - clients;
  }

  private static List<Comparison> compare(int n, Phases.Pair p, SeriesReport f,
      SeriesReport h) {
    LoadResult floor = p.floor();
    LoadResult hearth = p.hearth();
    List<Comparison> out = new ArrayList<>();
    String at = n + (n == 1 ? " client: " : " clients: ");
    out.add(Comparison.of(at + "p50", "us", h.latency().p50(), f.latency().p50()));
    out.add(Comparison.of(at + "p99", "us", h.latency().p99(), f.latency().p99()));
    out.add(Comparison.of(at + "throughput", "calls/s", h.throughput(), f.throughput()));
    out.add(Comparison.atMost(at + "errors", "calls", h.errors(), f.errors(), 0));
    double node = nodeCpuUs(p);
    double client = floor.clientCpuMicrosPerCall();
    out.add(Comparison.atMost(at + "node CPU per call (us) vs the direct client's CPU per call", "us", node, client,
        Math.min(NODE_CPU_TARGET_US, NODE_CPU_TARGET_RATIO * client)));
    out.add(Comparison.of(at + "CPU per call, Hearth's clients vs the direct clients (the same client code)", "us",
        round(hearth.clientCpuMicrosPerCall()), round(client)));
    out.add(Comparison.of(at + "node heap allocation per call vs the direct client's", "bytes",
        nodeAllocatedBytes(p), round(floor.clientAllocatedBytesPerCall())));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
