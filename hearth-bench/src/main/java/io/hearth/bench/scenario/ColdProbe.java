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

  /**
   * Returns {engine create+start+ready, engine + first call, Hearth cold call}, then the phases of
   * each side: the engine's create, start and socket ready (as the floor makes them), and through
   * Hearth, from the engine's own events, call sent to the container created, created to started,
   * and started to the answer (socket ready and the first call).
   */
  static List<SeriesReport> run(BenchContext ctx, BenchNode node, FloorSpec floor, int samples) throws Exception {
    byte[] body = Calls.echo(ctx.sizes().payloadBytes());
    Histogram ready = LoadResult.histogram();
    Histogram firstCall = LoadResult.histogram();
    Histogram hearth = LoadResult.histogram();
    Histogram[] engine = {LoadResult.histogram(), LoadResult.histogram(), LoadResult.histogram()};
    Histogram[] through = {LoadResult.histogram(), LoadResult.histogram(), LoadResult.histogram()};
    engine(ctx, floor, body, null, null, null);
    hearth(ctx, node, body, null, null);
    for (int i = 0; i < samples; i++) {
      ctx.log("cold: sample " + (i + 1) + "/" + samples);
      if (i % 2 == 0) {
        engine(ctx, floor, body, ready, firstCall, engine);
        hearth(ctx, node, body, hearth, through);
      } else {
        hearth(ctx, node, body, hearth, through);
        engine(ctx, floor, body, ready, firstCall, engine);
      }
    }
    return List.of(
        SeriesReport.samples("engine: create+start+ready", SeriesReport.FLOOR, ready, 0, null),
        SeriesReport.samples("engine: create+start+ready + first call", SeriesReport.FLOOR, firstCall, 0, null),
        SeriesReport.samples("Hearth: cold call", SeriesReport.HEARTH, hearth, 0, null),
        SeriesReport.samples("engine: create", SeriesReport.FLOOR, engine[0], 0, null),
        SeriesReport.samples("engine: start", SeriesReport.FLOOR, engine[1], 0, null),
        SeriesReport.samples("engine: socket ready + first call", SeriesReport.FLOOR, engine[2], 0, null),
        SeriesReport.samples("Hearth: call sent -> engine's create event", SeriesReport.HEARTH, through[0], 0, null),
        SeriesReport.samples("Hearth: create event -> start event", SeriesReport.HEARTH, through[1], 0, null),
        SeriesReport.samples("Hearth: start event -> answer (socket ready + first call)", SeriesReport.HEARTH,
            through[2], 0, null));
  }

  private static void engine(BenchContext ctx, FloorSpec floor, byte[] body, Histogram ready, Histogram firstCall,
      Histogram[] phases) throws Exception {
    try (DirectContainer c = DirectContainer.start(ctx.driver(), floor)) {
      long t = System.nanoTime();
      OneCall.send(c.endpoint(), Calls.direct(body));
      long call = System.nanoTime() - t;
      if (ready != null) {
        Latencies.record(ready, c.coldNanos());
        Latencies.record(firstCall, c.coldNanos() + call);
        Latencies.record(phases[0], c.createNanos());
        Latencies.record(phases[1], c.startNanos());
        Latencies.record(phases[2], c.readyNanos() + call);
      }
    }
  }

  private static void hearth(BenchContext ctx, BenchNode node, byte[] body, Histogram into, Histogram[] phases)
      throws Exception {
    String fn = ctx.newFn("cold");
    long[] moments;
    long sent;
    long answered;
    long took;
    try (EngineStarts m = EngineStarts.follow(ctx.driver().engine(), "io.hearth.fn", fn)) {
      sent = wallNanos();
      long t = System.nanoTime();
      OneCall.send(node.endpoint(), Calls.hearth(fn, body));
      took = System.nanoTime() - t;
      answered = sent + took;
      moments = m.stopAtMoments();
    }
    if (into != null) {
      Latencies.record(into, took);
      if (moments[0] > 0 && moments[1] > 0) {
        Latencies.record(phases[0], Math.max(0, moments[0] - sent));
        Latencies.record(phases[1], Math.max(0, moments[1] - moments[0]));
        Latencies.record(phases[2], Math.max(0, answered - moments[1]));
      }
    }
    ctx.retire(node, fn);
  }

  /** This host's wall clock in nanoseconds (microsecond resolution), as the engine stamps its events. */
  private static long wallNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
