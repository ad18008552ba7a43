package io.hearth.bench.scenario;

import io.hearth.bench.floor.DirectContainer;
import io.hearth.bench.floor.DirectFleet;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.ClosedLoop;
import io.hearth.bench.load.Latencies;
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
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Many functions under memory pressure: a node whose memory cap holds only a few containers, many
 * functions of the image, clients each picking the function of every call by Zipf popularity. Warm
 * hits, cold starts and evictions decide the latency. Floors: the same clients calling warm direct
 * containers (every call warm), and the engine's own cold start (no miss can cost less).
 */
final class ManyFunctionsScenario implements Scenario {
  /** Zipf exponent of function popularity (about what the Azure Functions trace shows for the head). */
  static final double ZIPF_S = 1.0;
  static final long SEED = 42;
  private static final long MB = 1024 * 1024;
  private static final int ENGINE_SAMPLES = 3;

  @Override
  public String name() {
    return "many";
  }

  @Override
  public String title() {
    return "Many functions with Zipf popularity under memory pressure";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    DirectFleet fleet = ctx.fleet();
    fleet.ensure(s.manyClients());
    byte[] body = Calls.echo(s.payloadBytes());
    Call direct = Calls.direct(body);
    long calls = (s.warmup().plus(s.manySeconds()).toSeconds() + 1) * 100_000;

    ctx.log("many: warm floor, " + s.manyClients() + " clients on direct containers");
    LoadResult floor = ClosedLoop.run(new ClosedLoop.Spec(s.manyClients(), s.warmup(), s.duration(), calls,
        s.callTimeout()), fleet::endpoint, i -> () -> direct);

    Histogram engine = LoadResult.histogram();
    for (int i = 0; i < Math.min(ENGINE_SAMPLES, s.coldSamples()); i++) {
      try (DirectContainer c = DirectContainer.start(ctx.driver(), fleet.floor())) {
        Latencies.record(engine, c.coldNanos());
      }
    }

    Map<String, Object> facts = new LinkedHashMap<>();
    LoadResult through;
    try (BenchNode node = ctx.startNode(Map.of("HEARTH_MAX_TOTAL_MEMORY_BYTES",
        Long.toString(s.manyMemoryMb() * MB)))) {
      String app = node.api().createApp("many");
      List<Call> fns = new ArrayList<>();
      for (int i = 0; i < s.fns(); i++) {
        fns.add(Calls.hearth(ctx.newFn(node, app, "many"), body));
      }
      Zipf zipf = new Zipf(s.fns(), ZIPF_S);
      NodeCounters before = node.api().node();
      EngineStarts starts = ctx.followStarts("io.hearth.node", node.nodeId());
      ctx.log("many: " + s.fns() + " functions, " + s.manyClients() + " clients, memory cap " + s.manyMemoryMb()
          + " MB, " + s.manySeconds().toSeconds() + " s");
      through = ClosedLoop.run(new ClosedLoop.Spec(s.manyClients(), s.warmup(), s.manySeconds(), calls,
          s.callTimeout()), i -> node.endpoint(), i -> {
            SplittableRandom random = new SplittableRandom(SEED + i);
            return () -> fns.get(zipf.next(random));
          });
      Warming.settle(node.api());
      NodeCounters after = node.api().node();
      Map<String, Object> delta = after.since(before);
      facts.put("memory cap", s.manyMemoryMb() + " MB = " + s.manyMemoryMb() / BenchContext.FN_MEMORY_MB
          + " containers of " + BenchContext.FN_MEMORY_MB + " MB");
      facts.put("functions, popularity", s.fns() + ", Zipf s=" + ZIPF_S + " (seeded)");
      facts.putAll(delta);
      long cold = (long) delta.get("cold_starts");
      long warm = (long) delta.get("warm_starts");
      facts.put("warm fraction (warm / (warm + cold), warm-up included)", cold + warm == 0 ? 0
          : Math.round(1000.0 * warm / (cold + warm)) / 1000.0);
      facts.put("containers started by the node (engine events)",
          starts.stop());
      facts.put("containers at the end", after.containers());
    }
    List<SeriesReport> series = List.of(
        SeriesReport.of("direct, all warm, " + s.manyClients() + " clients", SeriesReport.FLOOR, floor),
        SeriesReport.samples("engine: create+start+ready", SeriesReport.FLOOR, engine, 0, null),
        SeriesReport.of("Hearth, " + s.fns() + " fns, " + s.manyClients() + " clients", SeriesReport.HEARTH, through));
    List<Comparison> comparisons = List.of(
        Comparison.of("p50 vs all-warm direct p50", "us", series.get(2).latency().p50(), series.get(0).latency().p50()),
        Comparison.of("p99 vs engine cold start p50", "us", series.get(2).latency().p99(),
            series.get(1).latency().p50()),
        Comparison.of("throughput vs all-warm direct", "calls/s", series.get(2).throughput(),
            series.get(0).throughput()));
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "A node of its own with HEARTH_MAX_TOTAL_MEMORY_BYTES set low; each call's function drawn by Zipf "
            + "popularity per client (seeded). Counters cover the warm-up too."),
        List.of(Chart.percentiles("Many functions under memory pressure", series)));
  }
}
