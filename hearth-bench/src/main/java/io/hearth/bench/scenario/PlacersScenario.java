package io.hearth.bench.scenario;

import io.hearth.bench.cluster.BenchCluster;
import io.hearth.bench.cluster.NodeProcess;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.ClosedLoop;
import io.hearth.bench.load.Endpoint;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.node.HearthApi;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The warm-hit rate of each placer (issue 5: at least 95 % for consistent hashing when capacity
 * suffices): many functions with Zipf popularity called through an lb over three runner processes
 * sharing this machine's engine. For each placer, fresh runners (no container yet) and an lb with
 * that placer; a warm-up pass calls every function once, then a bounded number of calls, each
 * function drawn by Zipf popularity (the same seeded sequence for every placer). A call is a warm
 * hit when no container had to start for it: warm hits = calls - containers the engine started for
 * the runners during the phase (engine events, by a label only these runners put on their
 * containers); a runner is non-blocking, so each container it starts serves the call that asked.
 */
final class PlacersScenario implements Scenario {
  static final List<String> PLACERS = List.of("ch", "naive", "least-loaded");
  static final int RUNNERS = 3;
  static final int CLIENTS = 2;
  private static final long MB = 1024 * 1024;
  private static final String GROUP_LABEL = "io.hearth.bench.group";

  @Override
  public String name() {
    return "placers";
  }

  @Override
  public String title() {
    return "Warm-hit rate of each placer: functions with Zipf popularity on 3 runners";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    int fns = s.placerFns();
    int calls = s.placerCalls();
    long runnerMemory = (long) s.runnerMemoryMb() * MB;
    Call[] byRank;
    List<SeriesReport> series = new ArrayList<>();
    List<Comparison> comparisons = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("functions, popularity", fns + ", Zipf s=" + ManyFunctionsScenario.ZIPF_S + " (seeded, the same "
        + "sequence for every placer)");
    facts.put("runners", RUNNERS + " processes, memory cap " + s.runnerMemoryMb() + " MB each = "
        + s.runnerMemoryMb() / BenchContext.FN_MEMORY_MB + " containers of " + BenchContext.FN_MEMORY_MB + " MB");
    facts.put("calls measured per placer", calls + " over " + CLIENTS + " clients, after a warm-up pass of one call "
        + "per function");
    try (BenchCluster cluster = ctx.cluster()) {
      ctx.log("placers: starting an api node (logs in " + cluster.logs() + ")");
      NodeProcess apiNode = cluster.api("api");
      apiNode.awaitRunning(BenchCluster.START);
      HearthApi api = HearthApi.at(apiNode.port());
      String app = api.createApp("placers");
      byRank = new Call[fns];
      byte[] body = Calls.echo(s.payloadBytes());
      for (int i = 0; i < fns; i++) {
        byRank[i] = Calls.hearth(api.createFn(app, ctx.fnSpec("placers-" + i)), body);
      }
      for (String placer : PLACERS) {
        // each placer starts from runners with no container: the functions' slots are new to them
        String group = placer + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        ctx.log("placers: " + placer + ": starting " + RUNNERS + " runners and an lb");
        List<NodeProcess> nodes = new ArrayList<>();
        for (int r = 0; r < RUNNERS; r++) {
          nodes.add(cluster.runner(placer + "-runner" + r, runnerMemory, Map.of(GROUP_LABEL, group)));
        }
        List<String> addresses = BenchCluster.awaitRunning(nodes);
        NodeProcess lb = cluster.lb(placer + "-lb", placer, addresses);
        lb.awaitRunning(BenchCluster.START);
        nodes.add(lb);
        Endpoint at = Endpoint.loopback(lb.port());

        EngineStarts warmupStarts = ctx.followStarts(GROUP_LABEL, group);
        AtomicInteger next = new AtomicInteger();
        LoadResult warmup = ClosedLoop.run(spec(s, fns), i -> at, i -> () -> byRank[next.getAndIncrement() % fns]);
        long startedInWarmup = warmupStarts.stop();

        ctx.log("placers: " + placer + ": " + calls + " calls, Zipf over " + fns + " functions");
        EngineStarts measuredStarts = ctx.followStarts(GROUP_LABEL, group);
        Zipf zipf = new Zipf(fns, ManyFunctionsScenario.ZIPF_S);
        LoadResult measured = ClosedLoop.run(spec(s, calls), i -> at, i -> {
          SplittableRandom random = new SplittableRandom(ManyFunctionsScenario.SEED + i);
          return () -> byRank[zipf.next(random)];
        });
        long started = measuredStarts.stop();
        cluster.stop(nodes);

        long served = measured.calls();
        double hit = served == 0 || started < 0 ? 0 : Math.max(0, served - started) * 100.0 / served;
        long all = warmup.calls() + served;
        double hitAll = all == 0 || started < 0 || startedInWarmup < 0 ? 0
            : Math.max(0, all - started - startedInWarmup) * 100.0 / all;
        series.add(SeriesReport.of(placer + ": " + served + " calls, " + started + " containers started",
            SeriesReport.HEARTH, measured));
        comparisons.add(placer.equals("ch")
            ? Comparison.atLeastRatio("warm-hit rate, ch (vs every call warm)", "%", hit, 100, 0.95)
            : Comparison.of("warm-hit rate, " + placer + " (vs every call warm)", "%", hit, 100));
        facts.put(placer + ": warm-hit rate of measured calls (%)", Math.round(hit * 10) / 10.0);
        facts.put(placer + ": warm-hit rate with the warm-up pass (%)", Math.round(hitAll * 10) / 10.0);
        facts.put(placer + ": containers started (warm-up pass / measured)", startedInWarmup + " / " + started);
        facts.put(placer + ": failed calls (warm-up pass / measured)", warmup.errors() + " / " + measured.errors());
      }
    }
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Processes on 127.0.0.1: an api node (the shared embedded datastore), and for each placer three fresh "
            + "runners (HEARTH_MAX_TOTAL_MEMORY_BYTES = " + s.runnerMemoryMb() + " MB each) with an lb over "
            + "them (HEARTH_RUNNER_ADDRESSES, HEARTH_PLACER). Warm-hit rate = (calls - containers started) / calls; "
            + "the floor of each comparison is 100 % (every call warm). ch: a function's calls go to one runner; "
            + "naive: round robin, so a function needs a container on every runner; least-loaded: two random "
            + "runners, the less busy one."),
        List.of(Chart.percentiles("Latency through the lb, per placer (cold starts included)", series)));
  }

  /** Exactly {@code calls} calls (unless the time bound comes first: a cold start may take seconds). */
  private static ClosedLoop.Spec spec(Sizes s, int calls) {
    return new ClosedLoop.Spec(CLIENTS, Duration.ZERO, Duration.ofSeconds(30L + calls * 2L), calls, s.callTimeout());
  }
}
