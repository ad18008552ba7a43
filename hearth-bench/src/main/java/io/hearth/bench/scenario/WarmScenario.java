package io.hearth.bench.scenario;

import io.hearth.bench.load.Call;
import io.hearth.bench.node.BenchNode;
import io.hearth.bench.node.NodeCounters;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import io.hearth.bench.floor.DirectFleet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-client warm latency: one client calling a warm function back to back (closed loop), then
 * calls at a fixed rate (open loop), through Hearth and directly on a container of the same image.
 */
final class WarmScenario implements Scenario {

  @Override
  public String name() {
    return "warm";
  }

  @Override
  public String title() {
    return "Single-client warm latency (closed loop, then open loop at a fixed rate)";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    BenchNode node = ctx.node();
    String fn = ctx.newFn("warm");
    DirectFleet fleet = ctx.fleet();
    fleet.ensure(s.openConnections());
    Warming.prewarm(node.api(), fn, 1);
    byte[] body = Calls.echo(s.payloadBytes());
    Call direct = Calls.direct(body);
    Call through = Calls.hearth(fn, body);
    NodeCounters before = node.api().node();
    EngineStarts starts = ctx.followStarts("io.hearth.fn", fn);

    Phases.Pair closed = Phases.closed(ctx, "warm closed loop", 1, fleet::endpoint, direct, node.endpoint(),
        i -> () -> through);
    Phases.Pair open = Phases.open(ctx, "warm open loop", s.rate(), s.openConnections(), fleet::endpoint, direct,
        node.endpoint(), through);

    NodeCounters after = node.api().node();
    List<SeriesReport> series = List.of(
        SeriesReport.of("direct, 1 client", SeriesReport.FLOOR, closed.floor()),
        SeriesReport.of("Hearth, 1 client", SeriesReport.HEARTH, closed.hearth()),
        SeriesReport.of("direct, " + (int) s.rate() + "/s", SeriesReport.FLOOR, open.floor()),
        SeriesReport.of("Hearth, " + (int) s.rate() + "/s", SeriesReport.HEARTH, open.hearth()));
    List<Comparison> comparisons = List.of(
        Comparison.of("closed loop p50", "us", series.get(1).latency().p50(), series.get(0).latency().p50()),
        Comparison.of("closed loop p99", "us", series.get(1).latency().p99(), series.get(0).latency().p99()),
        Comparison.of("closed loop throughput", "calls/s", series.get(1).throughput(), series.get(0).throughput()),
        Comparison.of("closed loop CPU per call (process: client + node)", "us", series.get(1).cpuUsPerCall(),
            series.get(0).cpuUsPerCall()),
        Comparison.of("open loop p50", "us", series.get(3).latency().p50(), series.get(2).latency().p50()),
        Comparison.of("open loop p99", "us", series.get(3).latency().p99(), series.get(2).latency().p99()),
        Comparison.of("open loop p99.9", "us", series.get(3).latency().p999(), series.get(2).latency().p999()));
    Map<String, Object> facts = new LinkedHashMap<>(after.since(before));
    facts.put("containers started by the node during the phases (engine events)",
        starts.stop());
    facts.put("open loop: calls sent over 1 ms late (Hearth / direct)", open.hearth().late() + " / "
        + open.floor().late());
    ctx.retire(node, fn);
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Body: testfn `echo` with " + s.payloadBytes() + " bytes. Open loop: " + s.openConnections()
            + " connections at most; with the node's default freeze grace (50 ms), a container idle between "
            + "open-loop calls may be frozen and thawed, which the direct container never is."),
        List.of(Chart.percentiles("Warm calls, one client and fixed rate", series)));
  }
}
