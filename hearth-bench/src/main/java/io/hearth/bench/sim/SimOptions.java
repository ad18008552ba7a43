package io.hearth.bench.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's command line, parsed once.
 *
 * @param functions functions in the synthetic trace
 * @param hours     its length
 * @param seeds     one trace per seed
 * @param memoryGb  node sizes to replay each trace on
 * @param out       where {@code keepalive.md} and {@code keepalive.json} go
 */
public record SimOptions(int functions, double hours, List<Long> seeds, List<Double> memoryGb, Path out) {
  /** The policies compared, baseline first. */
  public static final List<String> POLICIES = List.of("fixed", "histogram", "greedy-dual", "adaptive");

  static final String USAGE = """
      usage: keepalive [--functions N] [--hours H] [--seed S[,S...]] [--memory-gb G[,G...]] [--out DIR]
        Replays a synthetic Azure-like trace through the node pool with each keep-alive policy on
        virtual time, prints a markdown table and writes DIR/keepalive.md and DIR/keepalive.json.
        Defaults: --functions 300 --hours 24 --seed 1,2,3 --memory-gb 32,64,256 --out docs/benchmarks""";

  public SimOptions {
    seeds = List.copyOf(seeds);
    memoryGb = List.copyOf(memoryGb);
    if (functions < 1 || hours <= 0 || seeds.isEmpty() || memoryGb.isEmpty() || memoryGb.stream().anyMatch(g -> g <= 0)) {
      throw new IllegalArgumentException("functions, hours and memory must be positive, with at least one seed\n" + USAGE);
    }
  }

  /** Parses the arguments after the subcommand; throws {@link IllegalArgumentException} with the usage when they are wrong. */
  public static SimOptions parse(String... args) {
    int functions = 300;
    double hours = 24;
    List<Long> seeds = List.of(1L, 2L, 3L);
    List<Double> memory = List.of(32.0, 64.0, 256.0);
    Path out = Path.of("docs", "benchmarks");
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag + "\n" + USAGE);
      }
      String v = args[++i];
      try {
        switch (flag) {
          case "--functions" -> functions = Integer.parseInt(v);
          case "--hours" -> hours = Double.parseDouble(v);
          case "--seed" -> seeds = list(v).stream().map(Long::parseLong).toList();
          case "--memory-gb" -> memory = list(v).stream().map(Double::parseDouble).toList();
          case "--out" -> out = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " needs a number (or a comma-separated list), not '" + v + "'\n" + USAGE);
      }
    }
    return new SimOptions(functions, hours, seeds, memory, out);
  }

  private static List<String> list(String v) {
    List<String> parts = new ArrayList<>();
    for (String p : v.split(",")) {
      if (!p.isBlank()) {
        parts.add(p.strip());
      }
    }
    return parts;
  }

  /** The command that reproduces these options. */
  String command() {
    return "./hearth bench keepalive --functions %d --hours %s --seed %s --memory-gb %s".formatted(functions,
        KeepAliveReport.num(hours), join(seeds), join(memoryGb.stream().map(KeepAliveReport::num).toList()));
  }

  private static String join(List<?> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }
}
