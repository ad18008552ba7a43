package io.hearth.bench.scenario;

import io.hearth.bench.floor.DirectContainer;
import io.hearth.bench.floor.DirectFleet;
import io.hearth.bench.floor.FloorSpec;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.Latencies;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.node.BenchNode;
import io.hearth.bench.node.NodeCounters;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A burst on a cold function: N clients call a function with no container at the same moment.
 * The floor: the engine alone starting N containers of the image at the same moment (create,
 * start, socket ready, then one call each). Rounds alternate which goes first; each Hearth round
 * uses a new function.
 */
final class BurstScenario implements Scenario {

  @Override
  public String name() {
    return "burst";
  }

  @Override
  public String title() {
    return "A burst of concurrent calls on a cold function";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    BenchNode node = ctx.node();
    FloorSpec floor = ctx.floorSpec();
    byte[] body = Calls.echo(s.payloadBytes());
    Histogram engineReady = LoadResult.histogram();
    Histogram engineFirstCall = LoadResult.histogram();
    Histogram hearth = LoadResult.histogram();
    long engineErrors = 0;
    long hearthErrors = 0;
    long started = 0;
    String firstError = null;
    NodeCounters before = node.api().node();
    List<String> perRound = new ArrayList<>();
    for (int round = 0; round < s.burstRounds(); round++) {
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == (round % 2 == 0)) {
          ctx.log("burst: round " + (round + 1) + ", engine starts " + s.burst() + " containers at once");
          List<DirectContainer> made = Collections.synchronizedList(new ArrayList<>());
          Burst b = Burst.run(s.burst(), () -> {
            DirectContainer c = DirectContainer.start(ctx.driver(), floor);
            made.add(c);
            long t = System.nanoTime();
            OneCall.send(c.endpoint(), Calls.direct(body));
            long firstCall = System.nanoTime() - t;
            synchronized (engineReady) {
              Latencies.record(engineReady, c.coldNanos());
              Latencies.record(engineFirstCall, c.coldNanos() + firstCall);
            }
          });
          DirectFleet.closeAll(made);
          engineErrors += b.errors();
          firstError = firstError != null ? firstError : b.firstError();
        } else {
          String fn = ctx.newFn("burst");
          Call call = Calls.hearth(fn, body);
          NodeCounters r0 = node.api().node();
          EngineStarts starts = ctx.followStarts("io.hearth.fn", fn);
          ctx.log("burst: round " + (round + 1) + ", " + s.burst() + " calls at once on a cold function");
          Burst b = Burst.run(s.burst(), () -> OneCall.send(node.endpoint(), call));
          for (long nanos : b.latencies()) {
            Latencies.record(hearth, nanos);
          }
          hearthErrors += b.errors();
          firstError = firstError != null ? firstError : b.firstError();
          Warming.settle(node.api()); // containers launched for the burst may still be starting
          long n = starts.stop();
          started = started < 0 || n < 0 ? -1 : started + n;
          perRound.add(n + " containers for " + s.burst() + " calls (" + node.api().node().since(r0) + ")");
          ctx.retire(node, fn);
        }
      }
    }
    List<SeriesReport> series = List.of(
        SeriesReport.samples("engine: create+start+ready", SeriesReport.FLOOR, engineReady, engineErrors, null),
        SeriesReport.samples("engine: create+start+ready + first call", SeriesReport.FLOOR, engineFirstCall,
            engineErrors, null),
        SeriesReport.samples("Hearth: burst calls", SeriesReport.HEARTH, hearth, hearthErrors, firstError));
    long calls = (long) s.burst() * s.burstRounds();
    List<Comparison> comparisons = List.of(
        Comparison.of("call latency p50 vs engine start + first call p50", "us", series.get(2).latency().p50(),
            series.get(1).latency().p50()),
        Comparison.of("call latency max vs engine start + first call max", "us", series.get(2).latency().max(),
            series.get(1).latency().max()),
        Comparison.atMost("containers started (no herd: at most one per call)", "", started, calls, calls));
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("burst size x rounds", s.burst() + " x " + s.burstRounds());
    for (int i = 0; i < perRound.size(); i++) {
      facts.put("Hearth round " + (i + 1), perRound.get(i));
    }
    facts.put("node counters over the scenario", node.api().node().since(before));
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Each Hearth call's latency runs from the moment all clients were released; the engine floor starts "
            + "the same number of containers concurrently, then calls each once over its socket. Hearth starts "
            + "one container per waiting call, but a call takes whichever container of its function is free "
            + "first, so when the engine is slow the first ready containers serve several calls; containers are "
            + "counted once none is starting any more."),
        List.of(Chart.percentiles("Cold burst: Hearth calls vs the engine starting containers", series)));
  }
}
