package io.hearth.bench;

import io.hearth.bench.report.BenchReport;
import io.hearth.bench.report.Comparison;
import io.hearth.bench.report.Machine;
import io.hearth.bench.report.ReportWriter;
import io.hearth.bench.report.ScenarioReport;
import io.hearth.bench.scenario.BenchContext;
import io.hearth.bench.scenario.Scenario;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.DockerEngine;
import io.hearth.server.HearthServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run of {@code hearth bench}: the scenarios one after another against the local engine, then
 * the report. Every container the run creates carries {@code io.hearth.bench=<run id>}; they are
 * removed when the run ends, also when it is interrupted (a shutdown hook).
 */
final class BenchRun {
  static final String RUN_LABEL = "io.hearth.bench";

  private BenchRun() {}

  /** Runs and writes the report; returns the exit code: 0 when every available scenario ran, else 1. */
  static int run(BenchOptions o, String command, PrintStream out) throws Exception {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long t0 = System.nanoTime();
    Map<String, Object> machine = Machine.describe();
    String runId = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> labels = new HashMap<>(o.labels());
    labels.put(RUN_LABEL, runId);
    List<ScenarioReport> reports = new ArrayList<>();
    Map<String, Object> software = new LinkedHashMap<>(Machine.jdk());
    try (DockerEngine engine = new DockerEngine(o.dockerSocket());
        DockerDriver driver = new DockerDriver(engine, io.hearth.core.time.Clock.system())) {
      engine.ping();
      Thread cleanup = new Thread(() -> removeRunContainers(driver, runId), "hearth-bench-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      String image = SampleImage.ensure(engine, driver, o.image());
      software.put("hearth", HearthServer.VERSION + sourceCommit(o.repoRoot()));
      software.put("docker engine", dockerVersion(engine));
      software.put("image", image + " (" + SampleImage.id(engine, image) + ")");
      try (BenchContext ctx = new BenchContext(o.sizes(), driver, image, labels, o.nodeSettings(),
          o.dockerSocket(), o.execImage())) {
        ctx.costSizes(o.cost());
        ctx.lbCompare(o.lbCompare(), o.repoRoot());
        for (Scenario s : o.scenarios()) {
          reports.add(runOne(s, ctx, o, t0));
        }
      } finally {
        removeRunContainers(driver, runId);
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
    machine.put("load average at end", Machine.loadAverage());
    BenchReport report = new BenchReport(o.smoke(), command, started.toString(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), machine, software, o.settings(), reports);
    List<Path> files = ReportWriter.write(report, o.out(), o.name());
    summarize(report, files, out);
    return reports.stream().anyMatch(r -> r.status().equals("failed") || r.status().equals("skipped")) ? 1 : 0;
  }

  private static ScenarioReport runOne(Scenario s, BenchContext ctx, BenchOptions o, long t0) {
    if (s.unavailable().isPresent()) {
      ctx.log(s.name() + ": " + s.unavailable().get());
      return ScenarioReport.notRun(s.name(), s.title(), "not available", s.unavailable().get());
    }
    if (System.nanoTime() - t0 > o.budget().toNanos()) {
      ctx.log(s.name() + ": skipped, the run's budget of " + o.budget().toMinutes() + " min is spent");
      return ScenarioReport.notRun(s.name(), s.title(), "skipped", "the run's time budget ("
          + o.budget().toMinutes() + " min, --budget-minutes) was spent before it started");
    }
    ctx.log(s.name() + ": " + s.title());
    try {
      return s.run(ctx);
    } catch (Exception | AssertionError e) {
      System.err.println("hearth bench: scenario " + s.name() + " failed:");
      e.printStackTrace(System.err);
      return ScenarioReport.notRun(s.name(), s.title(), "failed", String.valueOf(e));
    }
  }

  /** " (source at <commit>)" from the repository's .git, read as files (no git process), or "". */
  static String sourceCommit(Path repoRoot) {
    try {
      Path git = repoRoot.resolve(".git");
      String head = java.nio.file.Files.readString(git.resolve("HEAD")).strip();
      String sha = head.startsWith("ref: ")
          ? java.nio.file.Files.readString(git.resolve(head.substring(5))).strip() : head;
      return " (source at commit " + sha.substring(0, Math.min(12, sha.length())) + ", working tree as built)";
    } catch (java.io.IOException | RuntimeException e) {
      return "";
    }
  }

  private static String dockerVersion(DockerEngine engine) {
    try {
      var v = engine.tree(engine.call("GET", "/version", null));
      StringBuilder sb = new StringBuilder(v.path("Version").asText() + " (API " + v.path("ApiVersion").asText() + ")");
      for (var c : v.path("Components")) {
        if (!c.path("Name").asText().equals("Engine")) {
          sb.append(", ").append(c.path("Name").asText()).append(' ').append(c.path("Version").asText());
        }
      }
      return sb.toString();
    } catch (RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static void removeRunContainers(DockerDriver driver, String runId) {
    try {
      for (String id : driver.list(Map.of(RUN_LABEL, runId))) {
        driver.remove(id);
      }
    } catch (RuntimeException e) {
      System.err.println("hearth bench: could not remove the containers labelled " + RUN_LABEL + "=" + runId + ": "
          + e.getMessage());
    }
  }

  private static void summarize(BenchReport report, List<Path> files, PrintStream out) {
    out.println();
    for (ScenarioReport s : report.scenarios()) {
      out.println(s.name() + ": " + s.status() + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")"));
      for (Comparison c : s.comparisons()) {
        out.printf(java.util.Locale.ROOT, "  %-70s Hearth %10.1f  floor %10.1f  %s  ratio %.3f%s%n", c.measure(),
            c.hearth(), c.floor(), c.unit(), c.ratio(),
            c.met() == null ? "" : c.met() ? "  target met" : "  target NOT met (" + c.target() + ")");
      }
    }
    out.println();
    for (Path f : files) {
      out.println("wrote " + f);
    }
  }
}
