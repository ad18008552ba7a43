package io.hearth.bench.jmh;

import io.hearth.bench.report.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code hearth bench jmh}: runs the JMH benchmarks of this package, bounded by default (one fork,
 * two warm-up and three measured iterations of one second each), and writes {@code jmh.json} (JMH's
 * own format) and {@code jmh.md} next to the load reports.
 */
public final class JmhMain {
  static final String USAGE = """
      usage: hearth bench jmh [REGEX] [--forks N] [--warmups N] [--iterations N] [--time S] [--out DIR] [--name NAME]
        REGEX           benchmarks to run (default: all of io.hearth.bench.jmh)
        --forks N       JVM forks per benchmark (default 1; 0 runs in this JVM)
        --warmups N     warm-up iterations (default 2)
        --iterations N  measured iterations (default 3)
        --time S        seconds per iteration (default 1)
        --out DIR       report directory (default docs/benchmarks)
        --name NAME     report file name (default jmh)
      """;

  private JmhMain() {}

  /** Parsed options of a JMH run. */
  record Settings(String include, int forks, int warmups, int iterations, double seconds, Path out, String name) {
    static Settings parse(List<String> args, Path defaultOut) {
      String include = "io\\.hearth\\.bench\\.jmh\\..*";
      int forks = 1;
      int warmups = 2;
      int iterations = 3;
      double seconds = 1;
      Path out = defaultOut;
      String name = "jmh";
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (!a.startsWith("--")) {
          include = a;
          continue;
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(a + " needs a value\n\n" + USAGE);
        }
        String v = args.get(++i);
        try {
          switch (a) {
            case "--forks" -> forks = bounded(Integer.parseInt(v), 0, 5, a);
            case "--warmups" -> warmups = bounded(Integer.parseInt(v), 0, 20, a);
            case "--iterations" -> iterations = bounded(Integer.parseInt(v), 1, 50, a);
            case "--time" -> seconds = Double.parseDouble(v);
            case "--out" -> out = Path.of(v);
            case "--name" -> name = v;
            default -> throw new IllegalArgumentException("unknown option " + a + "\n\n" + USAGE);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(a + " takes a number, not '" + v + "'");
        }
      }
      if (!(seconds > 0) || seconds > 60) {
        throw new IllegalArgumentException("--time must be more than 0 and at most 60 seconds");
      }
      return new Settings(include, forks, warmups, iterations, seconds, out, name);
    }

    private static int bounded(int n, int min, int max, String option) {
      if (n < min || n > max) {
        throw new IllegalArgumentException(option + " must be from " + min + " to " + max);
      }
      return n;
    }

    ChainedOptionsBuilder options() {
      TimeValue t = TimeValue.milliseconds(Math.round(seconds * 1000));
      return new OptionsBuilder().include(include).forks(forks).warmupIterations(warmups).warmupTime(t)
          .measurementIterations(iterations).measurementTime(t).shouldFailOnError(true);
    }
  }

  public static int run(List<String> args, Path defaultOut, PrintStream out) throws RunnerException, IOException {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    Settings s = Settings.parse(args, defaultOut);
    Files.createDirectories(s.out());
    Path json = s.out().resolve(s.name() + ".json");
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Collection<RunResult> results = new Runner(s.options().resultFormat(ResultFormatType.JSON)
        .result(json.toString()).build()).run();
    Path md = s.out().resolve(s.name() + ".md");
    Files.writeString(md, markdown(results, s, started, "./hearth bench jmh " + String.join(" ", args)));
    out.println("wrote " + json);
    out.println("wrote " + md);
    return 0;
  }

  static String markdown(Collection<RunResult> results, Settings s, String started, String command) {
    StringBuilder md = new StringBuilder("# Hearth JMH benchmarks\n\n");
    md.append("Produced by `").append(command.strip()).append("` at ").append(started).append(": ")
        .append(s.forks()).append(" fork(s), ").append(s.warmups()).append(" warm-up and ").append(s.iterations())
        .append(" measured iteration(s) of ").append(s.seconds()).append(" s. `PlacementBench` is an lb's placement ")
        .append("decision with 10, 100 and 1000 runners per placer (`propose`: the placer's first proposal over a ")
        .append("list of views; `viewAndPropose`: what the lb does per call, reading the pool's published view, ")
        .append("proposing, and looking the runner up).\n\n| | |\n|---|---|\n");
    Machine.describe().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    Machine.jdk().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n| benchmark | parameters | score | error (99.9 %) | unit |\n|---|---|--:|--:|---|\n");
    for (RunResult r : results) {
      var p = r.getParams();
      var score = r.getPrimaryResult();
      StringBuilder params = new StringBuilder();
      for (String k : p.getParamsKeys()) {
        params.append(k).append('=').append(p.getParam(k)).append(' ');
      }
      String bench = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.')
          - 1) + 1);
      md.append("| ").append(bench).append(" | ").append(params.toString().strip()).append(" | ")
          .append(String.format(Locale.ROOT, "%.1f", score.getScore())).append(" | ")
          .append(Double.isNaN(score.getScoreError()) ? "" : String.format(Locale.ROOT, "%.1f", score.getScoreError()))
          .append(" | ").append(score.getScoreUnit()).append(" |\n");
    }
    return md.toString();
  }
}
