package io.hearth.bench;

import io.hearth.bench.jmh.JmhMain;
import io.hearth.bench.report.ReportWriter;
import io.hearth.bench.scenario.Scenario;
import io.hearth.bench.scenario.Scenarios;
import io.hearth.core.driver.DriverException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code hearth bench}: the load benchmarks with same-run floors, and {@code hearth bench jmh}. The
 * only place of the module that reads system properties or exits. Exit codes: 0 done, 1 a scenario
 * failed or the engine refused, 2 wrong usage.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    // The node runs in this process and logs warnings only (hearth-server's logback.xml), under the progress lines.
    int code;
    try {
      Path root = Path.of(System.getProperty("hearth.repo.root", "."));
      code = run(List.of(args), root, String.join(" ", List.of(args)), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("hearth bench: " + e.getMessage());
      code = 2;
    } catch (DriverException e) {
      System.err.println("hearth bench: " + e.getMessage());
      code = 1;
    } catch (Exception e) {
      System.err.println("hearth bench: " + e);
      e.printStackTrace(System.err);
      code = 1;
    }
    System.exit(code);
  }

  /** Runs the command; {@code args} are those after {@code bench}. */
  static int run(List<String> args, Path repoRoot, String argLine, PrintStream out) throws Exception {
    if (!args.isEmpty()) {
      switch (args.getFirst()) {
        case "help", "--help", "-h" -> {
          out.print(BenchOptions.USAGE);
          return 0;
        }
        case "list" -> {
          for (Scenario s : Scenarios.all()) {
            out.printf("%-10s %s%s%n", s.name(), s.title(), s.unavailable().map(r -> " — " + r).orElse(""));
          }
          return 0;
        }
        case "render" -> {
          if (args.size() != 2 || !args.get(1).endsWith(".json")) {
            throw new IllegalArgumentException("usage: hearth bench render REPORT.json");
          }
          for (Path p : ReportWriter.rerender(Path.of(args.get(1)))) {
            out.println("wrote " + p);
          }
          return 0;
        }
        case "jmh" -> {
          return JmhMain.run(args.subList(1, args.size()), repoRoot.resolve("docs/benchmarks"), out);
        }
        case "record-writes" -> { // what writing call records costs per record, by variant (call-records.md)
          return io.hearth.bench.records.RecordWrites.run(args.subList(1, args.size()), out);
        }
        case "clients" -> { // Hearth's own clients against docker-java and Jetty's client (clients.md)
          return io.hearth.bench.clients.ClientsMain.run(args.subList(1, args.size()),
              repoRoot.resolve("docs/benchmarks"), io.hearth.docker.DockerEngine.DEFAULT_SOCKET,
              socket -> io.hearth.docker.DockerDriver.open(socket, io.hearth.core.time.Clock.system()),
              driver -> SampleImage.ensure(driver.engine(), driver, BenchOptions.DEFAULT_IMAGE), out);
        }
        case "keepalive" -> { // the keep-alive simulator: virtual time, no Docker needed
          List<String> sim = new java.util.ArrayList<>(args.subList(1, args.size()));
          if (!sim.contains("--out")) {
            sim.add("--out");
            sim.add(repoRoot.resolve("docs/benchmarks").toString());
          }
          io.hearth.bench.sim.KeepAliveSim.main(sim.toArray(String[]::new));
          return 0;
        }
        default -> { }
      }
    }
    BenchOptions options = BenchOptions.parse(args, repoRoot);
    return BenchRun.run(options, ("./hearth bench " + argLine).strip(), out);
  }
}
