package io.hearth.bench.scenario;

import io.hearth.bench.floor.DirectContainer;
import io.hearth.bench.floor.FloorSpec;
import io.hearth.bench.load.Latencies;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.node.BenchNode;
import io.hearth.bench.report.SeriesReport;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Cold calls against the engine's own cold start, one at a time and interleaved: a call on a new
 * function (no container) through Hearth, timed at the client; and the engine alone creating and
 * starting a container of the same spec until its socket accepts a connection, then (separately
 * reported) its first call. One unmeasured sample of each comes first (image lookups, JIT).
 */
final class ColdProbe {
  private ColdProbe() {}

  /** Returns {engine create+start+ready, engine + first call, Hearth cold call}. */
  static List<SeriesReport> run(BenchContext ctx, BenchNode node, FloorSpec floor, int samples) throws Exception {
    byte[] body = Calls.echo(ctx.sizes().payloadBytes());
    Histogram ready = LoadResult.histogram();
    Histogram firstCall = LoadResult.histogram();
    Histogram hearth = LoadResult.histogram();
    engine(ctx, floor, body, null, null);
    hearth(ctx, node, body, null);
    for (int i = 0; i < samples; i++) {
      ctx.log("cold: sample " + (i + 1) + "/" + samples);
      if (i % 2 == 0) {
        engine(ctx, floor, body, ready, firstCall);
        hearth(ctx, node, body, hearth);
      } else {
        hearth(ctx, node, body, hearth);
        engine(ctx, floor, body, ready, firstCall);
      }
    }
    return List.of(
        SeriesReport.samples("engine: create+start+ready", SeriesReport.FLOOR, ready, 0, null),
        SeriesReport.samples("engine: create+start+ready + first call", SeriesReport.FLOOR, firstCall, 0, null),
        SeriesReport.samples("Hearth: cold call", SeriesReport.HEARTH, hearth, 0, null));
  }

  private static void engine(BenchContext ctx, FloorSpec floor, byte[] body, Histogram ready, Histogram firstCall)
      throws Exception {
    try (DirectContainer c = DirectContainer.start(ctx.driver(), floor)) {
      long t = System.nanoTime();
      OneCall.send(c.endpoint(), Calls.direct(body));
      long call = System.nanoTime() - t;
      if (ready != null) {
        Latencies.record(ready, c.coldNanos());
        Latencies.record(firstCall, c.coldNanos() + call);
      }
    }
  }

  private static void hearth(BenchContext ctx, BenchNode node, byte[] body, Histogram into) throws Exception {
    String fn = ctx.newFn("cold");
    long t = System.nanoTime();
    OneCall.send(node.endpoint(), Calls.hearth(fn, body));
    long took = System.nanoTime() - t;
    if (into != null) {
      Latencies.record(into, took);
    }
    ctx.retire(node, fn);
  }
}
