package io.hearth.bench.scenario;

import io.hearth.bench.node.BenchNode;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 4's benchmark: what recording every call (its record and log, written in batches off the
 * call's path) costs a warm call. Two nodes in this process, one recording (the default) and one
 * with {@code HEARTH_CALL_RECORDS=false}, each with a warm container of its own function, called in
 * interleaved closed-loop phases. Target: at most 20 us added at p50.
 */
final class RecordsScenario implements Scenario {
  @Override
  public String name() {
    return "records";
  }

  @Override
  public String title() {
    return "What call records cost a warm call: records on vs off (issue 4)";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    BenchNode on = ctx.node();
    String fnOn = ctx.newFn("records-on");
    byte[] body = Calls.echo(s.payloadBytes());
    List<SeriesReport> series = new ArrayList<>();
    List<Comparison> comparisons = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    try (BenchNode off = ctx.startNode(Map.of("HEARTH_CALL_RECORDS", "false"))) {
      String fnOff = ctx.newFn(off, off.api().createApp("bench-records-off"), "records-off");
      facts.put("warm containers (records on / off)", Warming.prewarm(on.api(), fnOn, 1) + " / "
          + Warming.prewarm(off.api(), fnOff, 1));
      long recordedBefore = on.api().callsRecorded();
      Phases.Pair pair = Phases.closed(ctx, "records 1 client", 1, i -> off.endpoint(), Calls.hearth(fnOff, body),
          on.endpoint(), i -> () -> Calls.hearth(fnOn, body));
      facts.put("calls recorded by the recording node during the phases", on.api().callsRecorded() - recordedBefore);
      series.add(SeriesReport.of("records off, 1 client", SeriesReport.FLOOR, pair.floor()));
      series.add(SeriesReport.of("records on, 1 client", SeriesReport.HEARTH, pair.hearth()));
      comparisons.add(Comparison.atMostAbove("1 client: p50, records on vs off", "us",
          series.get(1).latency().p50(), series.get(0).latency().p50(), 20));
      comparisons.add(Comparison.of("1 client: p99, records on vs off", "us", series.get(1).latency().p99(),
          series.get(0).latency().p99()));
      comparisons.add(Comparison.of("1 client: throughput, records on vs off", "calls/s",
          series.get(1).throughput(), series.get(0).throughput()));
      comparisons.add(Comparison.of("1 client: CPU per call (process: client + both nodes)", "us",
          series.get(1).cpuUsPerCall(), series.get(0).cpuUsPerCall()));
    } finally {
      ctx.retire(on, fnOn);
    }
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Both columns go through Hearth: the floor column is a node that records nothing "
            + "(HEARTH_CALL_RECORDS=false), the Hearth column the shared node, which records every call. Closed "
            + "loop, one client, the two nodes' phases interleaved " + s.rounds() + " time(s). Both nodes run in "
            + "the benchmark's process, so CPU per call counts the idle one too."),
        List.of(Chart.percentiles("Warm calls with and without call records", series)));
  }
}
