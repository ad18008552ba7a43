package io.hearth.bench.scenario;

import io.hearth.bench.cluster.BenchCluster;
import io.hearth.bench.cluster.NodeProcess;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.Latencies;
import io.hearth.bench.node.BenchNode;
import io.hearth.bench.node.HearthApi;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 16's footprint: what a warm call costs on a node holding many functions and warm
 * containers against a node holding one (both in this process, phases interleaved); the heap a
 * function and a warm container take on the node (heap after a full GC, before and after); and an
 * idle node process's resident memory against a JVM with the same options that does nothing.
 */
final class FootprintScenario implements Scenario {
  /** Issue 16's targets. */
  static final double SAME_COST_RATIO = 1.10;
  static final double IDLE_RSS_TARGET_MB = 150;
  static final double HEAP_PER_CONTAINER_TARGET_KB = 50;
  /** How long the warm count may stand still, nothing starting, before the node is taken as full. */
  static final long NO_PROGRESS_MS = 10_000;
  /** How long the idle node process sits before its memory is read, in warm-ups (10 s; 1 s in CI). */
  private static final int IDLE_WARMUPS = 5;
  private static final double MB = 1024 * 1024;

  @Override
  public String name() {
    return "footprint";
  }

  @Override
  public String title() {
    return "Many functions and warm containers vs one; heap per container; idle node memory (issue 16)";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    CostSizes c = ctx.costSizes();
    byte[] body = Calls.echo(s.payloadBytes());
    List<Comparison> comparisons = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    List<SeriesReport> series = new ArrayList<>();
    Map<String, String> keep = Map.of("HEARTH_KEEPALIVE_POLICY", CostScenario.KEEP_ALIVE); // warm ones stay
    try (BenchNode one = ctx.startNode(keep); BenchNode crowded = ctx.startNode(keep)) {
      String oneFn = ctx.newFn(one, one.api().createApp("one"), "one");
      Warming.prewarm(one.api(), oneFn, 1);

      String app = crowded.api().createApp("crowd");
      long heap0 = heapAfterGc();
      ctx.log("footprint: " + c.idleFns() + " functions on the crowded node");
      List<String> fns = new ArrayList<>();
      for (int i = 0; i < c.idleFns(); i++) {
        fns.add(ctx.newFn(crowded, app, "crowd"));
      }
      long heap1 = heapAfterGc();
      ctx.log("footprint: " + c.idleWarm() + " warm containers on the crowded node");
      int warm = prewarmSpread(ctx, crowded.api(), fns.subList(0, c.idleWarm()));
      long heap2 = heapAfterGc();
      facts.put("crowded node: functions / warm containers (asked for)", c.idleFns() + " / " + warm + " ("
          + c.idleWarm() + ")");
      double perFnKb = (heap1 - heap0) / 1024.0 / c.idleFns();
      double perContainerKb = warm == 0 ? -1 : (heap2 - heap1) / 1024.0 / warm;
      facts.put("heap after full GC: before the functions / after them / after the warm containers (MB)",
          round(heap0 / MB) + " / " + round(heap1 / MB) + " / " + round(heap2 / MB));

      Call onOne = Calls.hearth(oneFn, body);
      Call onCrowded = Calls.hearth(fns.get(0), body);
      CostScenario.compile(ctx, one, onOne);
      CostScenario.compile(ctx, crowded, onCrowded);
      Phases.Pair p = Phases.closed(ctx, "footprint: one fn vs " + c.idleFns() + " fns", 1, i -> one.endpoint(),
          onOne, crowded.endpoint(), i -> () -> onCrowded);
      series.add(SeriesReport.of("node with 1 fn, 1 warm container", SeriesReport.FLOOR, p.floor()));
      series.add(SeriesReport.of("node with " + c.idleFns() + " fns, " + warm + " warm containers",
          SeriesReport.HEARTH, p.hearth()));
      double crowdedCpu = p.hearth().restCpuMicrosPerCall();
      double oneCpu = p.floor().restCpuMicrosPerCall();
      comparisons.add(Comparison.atMost("1 client: CPU per call outside the client (both nodes in the process), "
          + "crowded node vs one-fn node", "us", round(crowdedCpu), round(oneCpu), round(oneCpu * SAME_COST_RATIO)));
      comparisons.add(Comparison.atMost("1 client: p50, crowded node vs one-fn node", "us",
          series.get(1).latency().p50(), series.get(0).latency().p50(),
          round(series.get(0).latency().p50() * SAME_COST_RATIO)));
      comparisons.add(Comparison.of("1 client: heap allocation per call outside the client", "bytes",
          round(p.hearth().restAllocatedBytesPerCall()), round(p.floor().restAllocatedBytesPerCall())));
      comparisons.add(Comparison.atMost("node heap per warm container (floor column: per function)", "KB",
          round(perContainerKb), round(perFnKb), HEAP_PER_CONTAINER_TARGET_KB));
      ctx.retire(crowded, fns.get(0)); // the rest go with the node
    }
    long idleMillis = s.warmup().toMillis() * IDLE_WARMUPS;
    comparisons.add(idleMemory(ctx, facts, idleMillis));
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Two nodes in this process, each with the run's settings and HEARTH_KEEPALIVE_POLICY="
            + CostScenario.KEEP_ALIVE + " (the warm containers stay for their function's idle timeout): one holds "
            + "one function and its warm container, "
            + "the other " + c.idleFns() + " functions and up to " + c.idleWarm() + " warm containers (one for each "
            + "of the first functions); one client calls a warm function on each, phases interleaved " + s.rounds()
            + " time(s). Heap per function and per warm container: the process's heap after a full GC before and "
            + "after making them, divided by their count. Idle memory: an all-in-one node process (the benchmark's "
            + "node JVM options) idle for " + idleMillis / 1000.0 + " s after it started, against a JVM with the same "
            + "options that does nothing."),
        List.of(Chart.percentiles("Warm call on a node with one function vs many", series)));
  }

  /** Prewarms one container for each function and waits (bounded) until they run; returns how many do. */
  /**
   * Asks for one warm container of each function and waits until they are all up, or until their
   * count has not grown for {@link #NO_PROGRESS_MS} with none starting (the node took fewer: the
   * report says how many), so that those made are measured before their idle timeout ends them.
   */
  private static int prewarmSpread(BenchContext ctx, HearthApi api, List<String> fns) throws Exception {
    for (String fn : fns) {
      api.prewarm(fn, 1);
    }
    long deadline = System.currentTimeMillis() + 30_000 + 2_000L * fns.size();
    int best = -1;
    long grewAt = System.currentTimeMillis();
    while (true) {
      var n = api.node();
      int warm = 0;
      for (String fn : fns) {
        warm += Math.min(1, n.warm(fn));
      }
      long now = System.currentTimeMillis();
      if (warm > best) {
        best = warm;
        grewAt = now;
      }
      boolean starting = n.containers().getOrDefault("starting", 0) > 0;
      if ((warm >= fns.size() && !starting) || now > deadline) {
        return warm;
      }
      if (!starting && now - grewAt > NO_PROGRESS_MS) {
        ctx.log("footprint: the node holds " + warm + " of the " + fns.size() + " warm containers asked for ("
            + n.containers() + "); measuring those");
        return warm;
      }
      Latencies.pause(250);
    }
  }

  private static Comparison idleMemory(BenchContext ctx, Map<String, Object> facts, long idleMillis)
      throws Exception {
    ctx.log("footprint: idle node process memory");
    try (BenchCluster cluster = ctx.cluster()) {
      NodeProcess bare = cluster.bareJvm("bare");
      NodeProcess node = cluster.allInOne("idle");
      BenchCluster.awaitRunning(List.of(bare, node));
      Latencies.pause(idleMillis);
      double nodeMb = round(node.rssBytes() / MB);
      double bareMb = round(bare.rssBytes() / MB);
      facts.put("idle node process: JVM options", String.join(" ", NodeProcess.jvmOptions()));
      return Comparison.atMost("idle all-in-one node process RSS (floor: a JVM doing nothing)", "MB", nodeMb, bareMb,
          IDLE_RSS_TARGET_MB);
    }
  }

  /** The heap in use after a full collection (twice, so that finalised objects go too), bytes. */
  private static long heapAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Latencies.pause(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
