package io.hearth.bench.scenario;

import io.hearth.bench.floor.DirectContainer;
import io.hearth.bench.floor.FloorSpec;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.ClosedLoop;
import io.hearth.bench.load.Latencies;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.node.BenchNode;
import io.hearth.bench.node.NodeCounters;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.Latency;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Start storms (issue 14, item 4): how many containers a node starts, and what its calls see,
 * when many clients hit a cold function of the JVM test image at once, under the launch rules
 * switched one by one in the same run. Three nodes side by side, each with one setting of {@code
 * HEARTH_MAX_CONCURRENT_STARTS} and {@code HEARTH_LAUNCH_WAIT_FOR_BUSY}: unbounded starts without
 * waiting (Hearth before issue 14), the default bound without waiting, the default bound waiting
 * for busy containers. Each workload runs on every node in turn, the order rotated from workload
 * to workload and from round to round, each time on a new function:
 *
 * <ul>
 *   <li>a closed loop of N clients on the cold function, from the first call (no warm-up): the
 *       storm of starts and the calls it delays;</li>
 *   <li>a burst of calls released at the same moment on the cold function, one call each.</li>
 * </ul>
 *
 * At the run's default sizes (64 clients) N is 16, 64 and 256 and the burst 50, the issue's
 * figures; with fewer {@code --clients} (the CI smoke run's 2) only that many clients and a burst
 * of {@code --burst}. The floor: the engine alone starting one container of the same spec and
 * calling it once, the least any call on a cold function can take.
 */
final class StartsScenario implements Scenario {
  /** The issue's storm: 256 clients; more would start more JVMs than this kind of machine holds. */
  private static final int MOST_CLIENTS = 256;
  private static final int ISSUE_BURST = 50;
  private static final int MOST_FLOOR_SAMPLES = 4;

  /** One setting of the launch rules, on a node of its own. */
  private record Variant(String label, Map<String, String> settings) {}

  private static final List<Variant> VARIANTS = List.of(
      new Variant("unbounded, no wait", Map.of("HEARTH_MAX_CONCURRENT_STARTS", "100000",
          "HEARTH_LAUNCH_WAIT_FOR_BUSY", "false")),
      new Variant("bounded, no wait", Map.of("HEARTH_MAX_CONCURRENT_STARTS", "0",
          "HEARTH_LAUNCH_WAIT_FOR_BUSY", "false")),
      new Variant("bounded, wait for busy", Map.of("HEARTH_MAX_CONCURRENT_STARTS", "0",
          "HEARTH_LAUNCH_WAIT_FOR_BUSY", "true")));

  /** What one workload measured on one variant, all rounds merged. */
  private static final class Tally {
    final int clients;
    Histogram latency = LoadResult.histogram();
    long calls;
    long errors;
    long started;
    long coldStarts;
    long refused;
    double seconds;
    String firstError;

    /** @param clients the closed loop's clients, 0 for the burst */
    Tally(int clients) {
      this.clients = clients;
    }

    SeriesReport series(String label) {
      return new SeriesReport(label, SeriesReport.HEARTH, clients > 0 ? "closed" : "samples", Math.max(1, clients), 0,
          calls, errors, 0, 0, Math.round(seconds * 1000) / 1000.0,
          clients > 0 && seconds > 0 ? Math.round(calls / seconds * 10) / 10.0 : 0, Latency.of(latency), null, firstError, -1);
    }

    void add(Histogram h, long ok, long failed, String error, long containers, NodeCounters before,
        NodeCounters after) {
      latency.add(h);
      calls += ok;
      errors += failed;
      started = started < 0 || containers < 0 ? -1 : started + containers;
      coldStarts += after.coldStarts() - before.coldStarts();
      refused += after.refused() - before.refused();
      firstError = firstError != null ? firstError : error;
    }
  }

  @Override
  public String name() {
    return "starts";
  }

  @Override
  public String title() {
    return "Start storms on a cold function: bounded starts and waiting for busy containers, on and off";
  }

  /** The closed loops' client counts. */
  static List<Integer> levels(Sizes s) {
    int max = s.maxClients();
    return max >= 16 ? List.of(max / 4, max, Math.min(MOST_CLIENTS, 4 * max)) : List.of(max);
  }

  static int burst(Sizes s) {
    return s.maxClients() >= 16 ? (int) Math.max(1, Math.round(ISSUE_BURST * s.maxClients() / 64.0)) : s.burst();
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    FloorSpec floor = ctx.floorSpec();
    byte[] body = Calls.echo(s.payloadBytes());
    List<String> workloads = new ArrayList<>();
    for (int n : levels(s)) {
      workloads.add(n + " clients");
    }
    workloads.add("burst of " + burst(s));
    Map<String, Tally> tallies = new LinkedHashMap<>();
    List<BenchNode> nodes = new ArrayList<>();
    List<String> apps = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    try {
      for (Variant v : VARIANTS) {
        BenchNode node = ctx.startNode(v.settings());
        nodes.add(node);
        apps.add(node.api().createApp("starts"));
        facts.put(v.label() + ": concurrent starts bound", node.config().pool().maxConcurrentStarts() == 0
            ? "default (two per CPU)" : node.config().pool().maxConcurrentStarts());
      }
      Histogram engine = floor(ctx, floor, body, Math.min(MOST_FLOOR_SAMPLES, s.coldSamples()));
      for (int round = 0; round < s.rounds(); round++) {
        for (int w = 0; w < workloads.size(); w++) {
          for (int k = 0; k < VARIANTS.size(); k++) {
            int vi = (k + w + round) % VARIANTS.size(); // rotated: no variant always first after a pause
            Variant v = VARIANTS.get(vi);
            String workload = workloads.get(w);
            int clients = w < workloads.size() - 1 ? levels(s).get(w) : 0;
            Tally t = tallies.computeIfAbsent(workload + " | " + v.label(), x -> new Tally(clients));
            ctx.log("starts: round " + (round + 1) + "/" + s.rounds() + ", " + workload + ", " + v.label());
            phase(ctx, nodes.get(vi), apps.get(vi), clients, body, t);
          }
        }
      }
      return report(s, workloads, tallies, engine, facts);
    } finally {
      nodes.forEach(BenchNode::close);
    }
  }

  /** One workload on one node, on a new function; {@code clients} 0 for the burst. */
  private static void phase(BenchContext ctx, BenchNode node, String app, int clients, byte[] body, Tally t)
      throws Exception {
    Sizes s = ctx.sizes();
    String fn = ctx.newFn(node, app, "starts");
    Call call = Calls.hearth(fn, body);
    NodeCounters before = node.api().node();
    EngineStarts starts = ctx.followStarts("io.hearth.fn", fn);
    long t0 = System.nanoTime();
    if (clients > 0) {
      Duration length = s.warmup().plus(s.duration()).multipliedBy(2); // long enough for the storm to pass
      ClosedLoop.Spec spec = new ClosedLoop.Spec(clients, Duration.ZERO, length, 1_000_000, s.callTimeout());
      LoadResult r = ClosedLoop.run(spec, i -> node.endpoint(), i -> () -> call);
      Warming.settle(node.api());
      long n = starts.stop();
      t.add(r.latency(), r.calls(), r.errors(), r.firstError(), n, before, node.api().node());
      t.seconds += r.seconds();
    } else {
      Burst b = Burst.run(burst(s), () -> OneCall.send(node.endpoint(), call));
      Histogram h = LoadResult.histogram();
      b.latencies().forEach(nanos -> Latencies.record(h, nanos));
      Warming.settle(node.api()); // containers launched for the burst may still be starting
      long n = starts.stop();
      t.add(h, b.latencies().size(), b.errors(), b.firstError(), n, before, node.api().node());
      t.seconds += (System.nanoTime() - t0) / 1e9;
    }
    ctx.retire(node, fn);
  }

  /** The engine starting one container of the spec and calling it once, {@code samples} times. */
  private static Histogram floor(BenchContext ctx, FloorSpec floor, byte[] body, int samples) throws Exception {
    Histogram h = LoadResult.histogram();
    for (int i = 0; i <= samples; i++) { // the first is unmeasured: image lookups, JIT
      ctx.log("starts: engine cold start " + i + "/" + samples);
      try (DirectContainer c = DirectContainer.start(ctx.driver(), floor)) {
        long t = System.nanoTime();
        OneCall.send(c.endpoint(), Calls.direct(body));
        if (i > 0) {
          Latencies.record(h, c.coldNanos() + System.nanoTime() - t);
        }
      }
    }
    return h;
  }

  private ScenarioReport report(Sizes s, List<String> workloads, Map<String, Tally> tallies, Histogram engine,
      Map<String, Object> facts) {
    List<SeriesReport> series = new ArrayList<>();
    SeriesReport floor = SeriesReport.samples("engine: one cold start + first call", SeriesReport.FLOOR, engine, 0,
        null);
    series.add(floor);
    List<Comparison> comparisons = new ArrayList<>();
    List<SeriesReport> burstSeries = new ArrayList<>(List.of(floor));
    for (String workload : workloads) {
      Map<String, SeriesReport> byVariant = new LinkedHashMap<>();
      Map<String, Tally> tallyOf = new LinkedHashMap<>();
      for (Variant v : VARIANTS) {
        Tally t = tallies.get(workload + " | " + v.label());
        SeriesReport r = t.series(workload + ", " + v.label());
        series.add(r);
        byVariant.put(v.label(), r);
        tallyOf.put(v.label(), t);
        facts.put(workload + ", " + v.label(), t.started + " containers started, " + t.coldStarts
            + " calls served by a new container, " + t.calls + " calls answered, " + t.errors + " errors ("
            + t.refused + " refused by the node)");
        if (workload.startsWith("burst")) {
          burstSeries.add(r);
        }
      }
      Tally old = tallyOf.get(VARIANTS.get(0).label());
      Tally bounded = tallyOf.get(VARIANTS.get(1).label());
      Tally waiting = tallyOf.get(VARIANTS.get(2).label());
      SeriesReport oldR = byVariant.get(VARIANTS.get(0).label());
      SeriesReport boundedR = byVariant.get(VARIANTS.get(1).label());
      SeriesReport waitingR = byVariant.get(VARIANTS.get(2).label());
      comparisons.add(Comparison.of(workload + ": containers started, bounded vs unbounded", "", bounded.started,
          old.started));
      comparisons.add(Comparison.of(workload + ": errors, bounded vs unbounded", "", bounded.errors, old.errors));
      comparisons.add(Comparison.of(workload + ": p99, bounded vs unbounded", "us", boundedR.latency().p99(),
          oldR.latency().p99()));
      comparisons.add(Comparison.of(workload + ": containers started, waiting vs not (bounded)", "", waiting.started,
          bounded.started));
      comparisons.add(Comparison.of(workload + ": errors, waiting vs not (bounded)", "", waiting.errors,
          bounded.errors));
      comparisons.add(Comparison.of(workload + ": p50, waiting vs not (bounded)", "us", waitingR.latency().p50(),
          boundedR.latency().p50()));
      comparisons.add(Comparison.of(workload + ": p99, waiting vs not (bounded)", "us", waitingR.latency().p99(),
          boundedR.latency().p99()));
      if (workload.startsWith("burst")) {
        comparisons.add(Comparison.of(workload + ": p50 (bounded, wait) vs engine cold start + first call", "us",
            waitingR.latency().p50(), floor.latency().p50()));
      }
    }
    facts.put("rounds (workloads x variants, order rotated)", s.rounds());
    facts.put("closed-loop phase length", s.warmup().plus(s.duration()).multipliedBy(2).toMillis() / 1000.0
        + " s, no warm-up; each ends when its last call answers (at most the call timeout later)");
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Three nodes in this process run side by side on the same engine, one per setting of the launch rules: "
            + "HEARTH_MAX_CONCURRENT_STARTS=100000 (effectively unbounded) or 0 (the default, two per CPU), and "
            + "HEARTH_LAUNCH_WAIT_FOR_BUSY false or true. Every phase uses a new function (a cold start), its "
            + "containers are counted from the engine's start events until none is starting any more, and the "
            + "function is deleted and its containers gone before the next phase.",
        "Closed-loop latencies include the wait for a container: the calls that found none. Errors are calls "
            + "that did not answer 200 (refused for waiting too long, init timed out, cut by the call timeout)."),
        List.of(Chart.percentiles("Cold burst: the launch rules and the engine's one cold start", burstSeries)));
  }
}
