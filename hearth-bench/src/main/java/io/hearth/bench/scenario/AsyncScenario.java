package io.hearth.bench.scenario;

import io.hearth.bench.node.BenchNode;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 13's benchmark. Async calls on an all-in-one node in this process, on embedded H2 and on
 * the local PostgreSQL: a batch of {@code rate × duration} {@code Fn-Invoke-Type: async} calls
 * of a warm echo function sent by a few clients back to back — the accept (202) latency and
 * throughput, against the node's {@code GET /version} through the same client — and then how
 * many ended {@code success} and how fast all of them ended (end-to-end rate), the node's workers
 * running them meanwhile. And what forcing embedded writes to disk costs an API write: {@code POST
 * /v2/apps} on a node that forces each commit to disk before answering (the default) against one
 * that does not ({@code HEARTH_DB_SYNC=false}), at 1 and 16 clients, interleaved.
 */
final class AsyncScenario implements Scenario {
  /** Most async calls of one batch, whatever the sizes. */
  static final int MAX_CALLS = 5_000;
  /** Longest wait for a batch to be accepted and to end. */
  private static final Duration BATCH_WAIT = Duration.ofSeconds(180);

  @Override
  public String name() {
    return "async";
  }

  @Override
  public String title() {
    return "Async calls: accept latency and throughput, completion, on H2 and PostgreSQL; durable writes (issue 13)";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    int calls = (int) Math.max(10, Math.min(MAX_CALLS, Math.round(s.rate() * s.duration().toMillis() / 1000.0)));
    int clients = Math.min(4, s.maxClients());
    List<SeriesReport> series = new ArrayList<>();
    List<Comparison> comparisons = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("async calls per datastore", calls + " from " + clients + " client(s), body `echo`");
    batch(ctx, "H2", Map.of(), calls, clients, series, comparisons, facts);
    PostgresSchema.Result pg = PostgresSchema.create();
    if (pg.schema().isPresent()) {
      try (PostgresSchema schema = pg.schema().get()) {
        batch(ctx, "PostgreSQL", Map.of("HEARTH_DB_URL", schema.url()), calls, clients, series, comparisons, facts);
      }
    } else {
      facts.put("PostgreSQL", "not measured: " + pg.why());
    }
    durableWrites(ctx, series, comparisons, facts);
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Accept: each client sends its next async call as soon as the last one's 202 arrived; the node's "
            + "workers (HEARTH_ASYNC_WORKERS, default 8) claim and run the calls meanwhile, on the same CPU and "
            + "datastore. The floor is the node's GET /version through the same client, closed loops of "
            + s.duration().toMillis() + " ms. End to end: from the first accept until the node's queue gauges read "
            + "no call of the function queued or running (bounded by " + BATCH_WAIT.toSeconds() + " s), then "
            + "every call's state read once.",
        "Durable writes: two nodes in this process, each on its own H2 file with WRITE_DELAY=0 (a commit is in "
            + "the file before the 200): one forcing each commit to disk before the 200 (HEARTH_DB_SYNC=true, the "
            + "default: a group commit, one CHECKPOINT SYNC for every write committed before it began), one not "
            + "(HEARTH_DB_SYNC=false). Clients creating apps, 1 and 16 at a time, closed loops interleaved "
            + s.rounds() + " time(s)."),
        List.of(Chart.percentiles("Async accept and API write latency", series.stream()
            .filter(x -> x.mode().equals("closed") || x.mode().equals("samples")).toList())));
  }

  private static void batch(BenchContext ctx, String label, Map<String, String> settings, int calls, int clients,
      List<SeriesReport> series, List<Comparison> comparisons, Map<String, Object> facts) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(settings);
    env.put("HEARTH_ASYNC_MAX_QUEUED", Integer.toString(MAX_CALLS * 2));
    try (BenchNode node = ctx.startNode(env)) {
      String fn = ctx.newFn(node, node.api().createApp("bench-async"), "async");
      Warming.prewarm(node.api(), fn, 1);
      LeaseHttp http = new LeaseHttp(node.port());
      LeaseLoop.Series floor = new LeaseLoop.Series();
      ctx.log("async " + label + ": floor, GET /version, " + clients + " client(s)");
      LeaseLoop.run(ctx, clients, c -> http.send("GET", "/version", null).expect(200, "version"), floor);
      ctx.log("async " + label + ": " + calls + " async calls from " + clients + " client(s)");
      AsyncBatch b = new AsyncBatch(node.port(), fn).run(calls, clients, "echo\nasync", BATCH_WAIT);
      double acceptSeconds = b.acceptNanos / 1e9;
      SeriesReport f = floor.report(label + ": GET /version, " + clients + " clients", SeriesReport.FLOOR, clients);
      SeriesReport accept = new SeriesReport(label + ": async accept (202), " + clients + " clients",
          SeriesReport.HEARTH, "closed", clients, 0, b.accepted.size(), b.refused.get(), 0, 0,
          round(acceptSeconds), round(b.accepted.size() / acceptSeconds), io.hearth.bench.report.Latency.of(b.accept),
          null, b.firstError.get(), -1);
      series.add(f);
      series.add(accept);
      comparisons.add(Comparison.of(label + ": accept p50 vs GET /version", "us", accept.latency().p50(),
          f.latency().p50()));
      comparisons.add(Comparison.of(label + ": accept p99 vs GET /version", "us", accept.latency().p99(),
          f.latency().p99()));
      comparisons.add(Comparison.of(label + ": accepts/s vs GET /version", "ops/s", accept.throughput(),
          f.throughput()));
      double endSeconds = b.endToEndNanos < 0 ? Double.NaN : b.endToEndNanos / 1e9;
      facts.put(label + ": accepted / refused", b.accepted.size() + " / " + b.refused.get());
      facts.put(label + ": final states", b.states.toString());
      facts.put(label + ": completion rate (success / accepted)", b.accepted.isEmpty() ? "n/a"
          : String.format("%.4f", b.succeeded() / (double) b.accepted.size()));
      facts.put(label + ": all ended after", b.endToEndNanos < 0 ? "not within " + BATCH_WAIT.toSeconds() + " s"
          : String.format("%.2f s from the first accept (%.1f calls/s end to end)", endSeconds,
              b.accepted.size() / endSeconds));
      ctx.retire(node, fn);
    }
  }

  /** Concurrency of the durable-writes loops: one writer alone, and enough for force groups to form. */
  private static final int[] WRITE_CLIENTS = {1, 16};

  private static void durableWrites(BenchContext ctx, List<SeriesReport> series, List<Comparison> comparisons,
      Map<String, Object> facts) throws Exception {
    AtomicLong names = new AtomicLong();
    try (BenchNode synced = ctx.startNode(Map.of("HEARTH_DB_SYNC", "true"));
        BenchNode unsynced = ctx.startNode(Map.of("HEARTH_DB_SYNC", "false"))) {
      LeaseHttp onSynced = new LeaseHttp(synced.port());
      LeaseHttp onUnsynced = new LeaseHttp(unsynced.port());
      for (int clients : WRITE_CLIENTS) {
        LeaseLoop.Series sync = new LeaseLoop.Series();
        LeaseLoop.Series noSync = new LeaseLoop.Series();
        for (int round = 0; round < ctx.sizes().rounds(); round++) {
          for (int side = 0; side < 2; side++) {
            boolean syncNow = (side == 0) == (round % 2 == 0);
            ctx.log("async durable writes: " + clients + " client(s), round " + (round + 1) + "/"
                + ctx.sizes().rounds() + ", " + (syncNow ? "forced to disk" : "not forced"));
            LeaseHttp to = syncNow ? onSynced : onUnsynced;
            LeaseLoop.run(ctx, clients, c -> to.send("POST", "/v2/apps", "{\"name\":\"w" + names.incrementAndGet()
                + "\"}").expect(200, "create app"), syncNow ? sync : noSync);
          }
        }
        SeriesReport f = noSync.report("POST /v2/apps, " + clients + " client(s), HEARTH_DB_SYNC=false (kill -9 safe)",
            SeriesReport.FLOOR, clients);
        SeriesReport h = sync.report("POST /v2/apps, " + clients + " client(s), forced to disk (power-cut safe, the default)",
            SeriesReport.HEARTH, clients);
        series.add(f);
        series.add(h);
        comparisons.add(Comparison.of("API write p50, " + clients + " client(s): forced vs not", "us",
            h.latency().p50(), f.latency().p50()));
        comparisons.add(Comparison.of("API write p99, " + clients + " client(s): forced vs not", "us",
            h.latency().p99(), f.latency().p99()));
        comparisons.add(Comparison.of("API writes/s, " + clients + " client(s): forced vs not", "ops/s",
            h.throughput(), f.throughput()));
        facts.put("cost of the force per API write, p50, " + clients + " client(s)", String.format("%.0f us",
            h.latency().p50() - f.latency().p50()));
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
