package io.hearth.bench.scenario;

import io.hearth.bench.floor.DirectFleet;
import io.hearth.bench.load.Call;
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
 * Concurrency sweep: 1, 2, 4, ... clients up to the maximum, closed loop, each level through
 * Hearth (its containers prewarmed to the level first) and directly, one client per direct
 * container as Hearth gives each concurrent call a container of its own.
 */
final class SweepScenario implements Scenario {

  @Override
  public String name() {
    return "sweep";
  }

  @Override
  public String title() {
    return "Concurrency sweep (closed loop, 1 client up to the maximum)";
  }

  static List<Integer> levels(int max) {
    List<Integer> levels = new ArrayList<>();
    for (int n = 1; n < max; n *= 2) {
      levels.add(n);
    }
    levels.add(max);
    return levels;
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    BenchNode node = ctx.node();
    String fn = ctx.newFn("sweep");
    List<Integer> levels = levels(s.maxClients());
    DirectFleet fleet = ctx.fleet();
    ctx.log("sweep: starting " + s.maxClients() + " direct containers");
    fleet.ensure(s.maxClients());
    byte[] body = Calls.echo(s.payloadBytes());
    Call direct = Calls.direct(body);
    Call through = Calls.hearth(fn, body);
    List<SeriesReport> series = new ArrayList<>();
    List<Comparison> comparisons = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    List<double[]> hearthP50 = new ArrayList<>();
    List<double[]> hearthP99 = new ArrayList<>();
    List<double[]> floorP50 = new ArrayList<>();
    List<double[]> floorP99 = new ArrayList<>();
    NodeCounters before = node.api().node();
    EngineStarts starts = ctx.followStarts("io.hearth.fn", fn);
    for (int n : levels) {
      int warm = Warming.prewarm(node.api(), fn, n);
      if (warm < n) {
        facts.put("level " + n + ": containers warm before measuring", warm);
      }
      Phases.Pair p = Phases.closed(ctx, "sweep " + n, n, fleet::endpoint, direct, node.endpoint(), i -> () -> through);
      SeriesReport f = SeriesReport.of("direct, " + n, SeriesReport.FLOOR, p.floor());
      SeriesReport h = SeriesReport.of("Hearth, " + n, SeriesReport.HEARTH, p.hearth());
      series.add(f);
      series.add(h);
      comparisons.add(Comparison.of(n + " clients: throughput", "calls/s", h.throughput(), f.throughput()));
      comparisons.add(Comparison.of(n + " clients: p50", "us", h.latency().p50(), f.latency().p50()));
      comparisons.add(Comparison.of(n + " clients: p99", "us", h.latency().p99(), f.latency().p99()));
      floorP50.add(new double[] {n, f.latency().p50()});
      floorP99.add(new double[] {n, f.latency().p99()});
      hearthP50.add(new double[] {n, h.latency().p50()});
      hearthP99.add(new double[] {n, h.latency().p99()});
    }
    facts.putAll(node.api().node().since(before));
    facts.put("containers started by the node (engine events)",
        starts.stop());
    ctx.retire(node, fn);
    fleet.shrinkTo(OverheadScenario.HIGH_CLIENTS); // 64 idle JVMs would weigh on whatever runs next
    Chart chart = new Chart("p50 and p99 latency by concurrency", "clients", List.of(
        new Chart.Line("Hearth p50", false, hearthP50), new Chart.Line("Hearth p99", false, hearthP99),
        new Chart.Line("direct p50", true, floorP50), new Chart.Line("direct p99", true, floorP99)));
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Levels " + levels + "; before each level the node prewarms the function to that many containers. "
            + "On a machine with fewer cores than clients, both sides are CPU-bound: the ratio is the figure."),
        List.of(chart));
  }
}
