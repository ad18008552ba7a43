package io.hearth.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.bench.load.Latencies;
import io.hearth.bench.load.LoadResult;
import io.hearth.bench.node.BenchNode;
import io.hearth.bench.report.Chart;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.report.SeriesReport;
import io.hearth.docker.DockerEngine;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Issue 11's benchmark: the leases API of the shared node over HTTP — {@code GET /v2/offers}, an
 * accept ({@code POST /v2/allocs} then {@code DELETE}) and a keepalive — with 1 client and a few, each
 * against the node's {@code GET /version} through the same client (the HTTP front's own cost); and
 * an exec's cold start ({@code POST .../execs} until the exec reads running, and until it finished)
 * against the engine's own create+start (and exit) of the same image and command, samples
 * interleaved. Every container it makes carries the run's labels and is removed.
 */
final class LeasesScenario implements Scenario {
  /** Memory and CPU of each benchmark alloc: small, so a few clients' allocs fit any node. */
  private static final long ALLOC_MEMORY = 64L << 20;
  private static final long ALLOC_CPU = 100;
  /** The exec's alloc and the engine's container: the same limits. */
  private static final long EXEC_MEMORY = 256L << 20;
  private static final long EXEC_CPU = 500;
  private static final List<String> EXEC_CMD = List.of("true");
  /** How often an exec's state is read while waiting: the resolution of the Hearth side's samples. */
  private static final long POLL_MILLIS = 1;
  /** Longest wait for one exec to start and end. */
  private static final long EXEC_WAIT_MILLIS = 60_000;

  @Override
  public String name() {
    return "leases";
  }

  @Override
  public String title() {
    return "Leases: offers, accept and keepalive over HTTP; an exec's cold start vs the engine's (issue 11)";
  }

  @Override
  public ScenarioReport run(BenchContext ctx) throws Exception {
    BenchNode node = ctx.node();
    LeaseHttp api = new LeaseHttp(node.port());
    if (api.send("GET", "/v2/offers", null).status() == 404) {
      return ScenarioReport.notRun(name(), title(), "not available",
          "this build's node serves no leases API (/v2/offers answers 404)");
    }
    Sizes s = ctx.sizes();
    int many = Math.min(4, s.maxClients());
    List<SeriesReport> series = new ArrayList<>();
    List<Comparison> comparisons = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    LeaseLoop.Op version = c -> api.send("GET", "/version", null).expect(200, "version");
    for (int clients : many > 1 ? List.of(1, many) : List.of(1)) {
      String[] held = new String[clients];
      for (int c = 0; c < clients; c++) {
        held[c] = api.create(ALLOC_MEMORY, ALLOC_CPU, 300);
      }
      try {
        measure(ctx, "offers", clients, version, c -> api.send("GET", "/v2/offers", null).expect(200, "offers"),
            series, comparisons);
        measure(ctx, "accept (create + free)", clients, c -> {
          version.run(c);
          version.run(c);
        }, c -> api.free(api.create(ALLOC_MEMORY, ALLOC_CPU, 60)), series, comparisons);
        measure(ctx, "keepalive", clients, version, c -> api.send("POST", "/v2/allocs/" + held[c] + "/keepalive",
            "{\"interval_secs\":300}").expect(200, "keepalive"), series, comparisons);
      } finally {
        for (String id : held) {
          api.free(id);
        }
      }
    }
    facts.put("floor of accept", "two GET /version requests (accept is two requests)");
    execColdStart(ctx, api, series, comparisons, facts);
    return new ScenarioReport(name(), title(), "ok", "", series, comparisons, facts, List.of(
        "Floors: the node's GET /version through the same HTTP client and connection pool, so the difference is "
            + "the leases API's own work (routing, JSON, the lease book, the lease store). Closed loops of " + s.warmup()
            .toMillis() + " ms warmup and " + s.duration().toMillis() + " ms measured, floor and Hearth interleaved "
            + s.rounds() + " time(s), order swapped each round.",
        "Exec cold start: POST /v2/allocs/{id}/execs until GET of the exec reads running or finished (polled every "
            + POLL_MILLIS + " ms, so up to that much late; a short command may already be done), until finished, and "
            + "the exec record's own created_at to started_at (millisecond resolution); the engine's side creates, starts and waits for a "
            + "container of the same image and command with the same memory and CPU limits and no network. One "
            + "unmeasured sample of each first; samples interleaved."),
        List.of(Chart.percentiles("Leases API latency", series.stream().filter(x -> x.mode().equals("closed"))
            .toList())));
  }

  private static void measure(BenchContext ctx, String what, int clients, LeaseLoop.Op floor, LeaseLoop.Op hearth,
      List<SeriesReport> series, List<Comparison> comparisons) throws InterruptedException {
    LeaseLoop.Series f = new LeaseLoop.Series();
    LeaseLoop.Series h = new LeaseLoop.Series();
    for (int round = 0; round < ctx.sizes().rounds(); round++) {
      boolean floorFirst = round % 2 == 0;
      for (int side = 0; side < 2; side++) {
        boolean floorNow = (side == 0) == floorFirst;
        ctx.log("leases " + what + ": round " + (round + 1) + "/" + ctx.sizes().rounds() + ", "
            + (floorNow ? "floor" : "Hearth") + ", " + clients + " client(s)");
        LeaseLoop.run(ctx, clients, floorNow ? floor : hearth, floorNow ? f : h);
      }
    }
    String label = what + ", " + clients + " client" + (clients == 1 ? "" : "s");
    SeriesReport fr = f.report("GET /version for " + label, SeriesReport.FLOOR, clients);
    SeriesReport hr = h.report(label, SeriesReport.HEARTH, clients);
    series.add(fr);
    series.add(hr);
    comparisons.add(Comparison.of(label + ": p50 vs the node's GET /version", "us", hr.latency().p50(),
        fr.latency().p50()));
    comparisons.add(Comparison.of(label + ": p99 vs the node's GET /version", "us", hr.latency().p99(),
        fr.latency().p99()));
    comparisons.add(Comparison.of(label + ": throughput vs the node's GET /version", "ops/s", hr.throughput(),
        fr.throughput()));
  }

  private static void execColdStart(BenchContext ctx, LeaseHttp api, List<SeriesReport> series,
      List<Comparison> comparisons, Map<String, Object> facts) throws Exception {
    String image = ctx.execImage();
    DockerEngine engine = ctx.driver().engine();
    if (engine.call("GET", "/images/" + URLEncoder.encode(image, StandardCharsets.UTF_8) + "/json", null).status()
        != 200) {
      facts.put("exec cold start", "not measured: the exec image " + image + " is not on this engine (the benchmark "
          + "does not pull; pass --exec-image with a local image that has `true`)");
      return;
    }
    facts.put("exec image and command", image + " " + EXEC_CMD);
    Histogram engineStart = LoadResult.histogram();
    Histogram engineExit = LoadResult.histogram();
    Histogram hearthRunning = LoadResult.histogram();
    Histogram hearthFinished = LoadResult.histogram();
    Histogram recorded = LoadResult.histogram();
    String alloc = api.create(EXEC_MEMORY, EXEC_CPU, 300);
    try {
      engine(ctx, engine, image, null, null);
      hearth(api, alloc, image, null, null, null);
      int n = ctx.sizes().coldSamples();
      for (int i = 0; i < n; i++) {
        ctx.log("leases exec cold start: sample " + (i + 1) + "/" + n);
        if (i % 2 == 0) {
          engine(ctx, engine, image, engineStart, engineExit);
          hearth(api, alloc, image, hearthRunning, hearthFinished, recorded);
        } else {
          hearth(api, alloc, image, hearthRunning, hearthFinished, recorded);
          engine(ctx, engine, image, engineStart, engineExit);
        }
      }
    } finally {
      api.free(alloc);
    }
    SeriesReport es = SeriesReport.samples("engine: create+start", SeriesReport.FLOOR, engineStart, 0, null);
    SeriesReport ee = SeriesReport.samples("engine: create+start+exit", SeriesReport.FLOOR, engineExit, 0, null);
    SeriesReport hs = SeriesReport.samples("Hearth: POST exec until it reads running (or done)", SeriesReport.HEARTH,
        hearthRunning, 0, null);
    SeriesReport hr = SeriesReport.samples("Hearth's record: created_at to started_at (ms)", SeriesReport.HEARTH,
        recorded, 0, null);
    SeriesReport hf = SeriesReport.samples("Hearth: POST exec until finished", SeriesReport.HEARTH, hearthFinished, 0,
        null);
    series.addAll(List.of(es, ee, hs, hf, hr));
    comparisons.add(Comparison.of("exec cold start, p50: until running vs the engine's create+start", "us",
        hs.latency().p50(), es.latency().p50()));
    comparisons.add(Comparison.of("exec cold start, p50: the exec's own created_at to started_at vs the engine's "
        + "create+start", "us", hr.latency().p50(), es.latency().p50()));
    comparisons.add(Comparison.of("exec to completion, p50: until finished vs the engine's create+start+exit", "us",
        hf.latency().p50(), ee.latency().p50()));
  }

  /** The engine alone: create, start, wait for the exit, remove. */
  private static void engine(BenchContext ctx, DockerEngine engine, String image, Histogram started, Histogram exited)
      throws IOException {
    Map<String, String> labels = new HashMap<>(ctx.labels());
    labels.put("io.hearth.bench.leases", "engine-floor");
    Map<String, Object> host = Map.of("NetworkMode", "none", "Memory", EXEC_MEMORY, "MemorySwap", EXEC_MEMORY,
        "NanoCpus", EXEC_CPU * 1_000_000, "SecurityOpt", List.of("no-new-privileges"), "CapDrop", List.of("ALL"));
    long t = System.nanoTime();
    DockerEngine.Reply created = engine.call("POST", "/containers/create", Map.of("Image", image, "Cmd", EXEC_CMD,
        "Labels", labels, "HostConfig", host));
    if (!created.ok()) {
      throw new IOException("the engine refused to create a container of " + image + ": " + created.text());
    }
    String id = engine.tree(created).path("Id").asText();
    try {
      DockerEngine.Reply start = engine.call("POST", "/containers/" + id + "/start", null);
      if (!start.ok()) {
        throw new IOException("the engine refused to start " + id + ": " + start.text());
      }
      long up = System.nanoTime() - t;
      engine.call("POST", "/containers/" + id + "/wait", null);
      long done = System.nanoTime() - t;
      if (started != null) {
        Latencies.record(started, up);
        Latencies.record(exited, done);
      }
    } finally {
      engine.call("DELETE", "/containers/" + id + "?force=true", null);
    }
  }

  /** Through Hearth: POST the exec, then read it until it runs and until it finished. */
  private static void hearth(LeaseHttp api, String alloc, String image, Histogram running, Histogram finished,
      Histogram recorded) throws IOException {
    long t = System.nanoTime();
    JsonNode exec = api.send("POST", "/v2/allocs/" + alloc + "/execs", "{\"image\":\"" + image + "\",\"cmd\":"
        + "[\"true\"]}").expect(201, "exec");
    String path = "/v2/allocs/" + alloc + "/execs/" + exec.get("id").asText();
    long deadline = System.currentTimeMillis() + EXEC_WAIT_MILLIS;
    long up = -1;
    String state = exec.path("state").asText();
    JsonNode last = exec;
    while (true) {
      if (up < 0 && !state.equals("pending")) {
        up = System.nanoTime() - t;
      }
      if (state.equals("succeeded") || state.equals("failed") || state.equals("killed")) {
        break;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("exec " + path + " did not finish within " + EXEC_WAIT_MILLIS + " ms");
      }
      Latencies.pause(POLL_MILLIS);
      last = api.send("GET", path, null).expect(200, "exec");
      state = last.path("state").asText();
    }
    long done = System.nanoTime() - t;
    if (!state.equals("succeeded")) {
      throw new IOException("exec " + path + " ended " + state + ": " + api.send("GET", path, null).json());
    }
    if (running != null) {
      Latencies.record(running, up);
      Latencies.record(finished, done);
      Latencies.record(recorded, Duration.between(Instant.parse(last.get("created_at").asText()),
          Instant.parse(last.get("started_at").asText())).toNanos());
    }
  }
}
