package io.hearth.bench.clients;

import io.hearth.bench.report.Machine;
import io.hearth.docker.DockerDriver;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code hearth bench clients}: Hearth's own clients against the libraries they could be replaced
 * by, in one run: the warm container call ({@link ContainerCallBench}, JMH with its GC profiler,
 * the two clients alternating round by round) and the Engine calls of a launch ({@link
 * EngineCalls}, interleaved container by container). Writes {@code clients.md}.
 */
public final class ClientsMain {
  static final String USAGE = """
      usage: hearth bench clients [--rounds N] [--containers N] [--no-engine] [--no-call] [--out DIR]
        --rounds N      JMH rounds; each runs every case once per client, the order alternating (default 3)
        --containers N  containers per client for the Engine calls (default 20; at most 200)
        --no-engine     only the container call
        --no-call       only the Engine calls
        --out DIR       report directory (default docs/benchmarks)
      """;
  private static final List<String> CLIENTS = List.of("hearth", "jetty");
  private static final Duration ENGINE_LIMIT = Duration.ofMinutes(10);

  private ClientsMain() {}

  public static int run(List<String> args, Path defaultOut, Path dockerSocket, Function<Path, DockerDriver> drivers,
      Function<DockerDriver, String> image, PrintStream out) throws Exception {
    int rounds = 3;
    int containers = 20;
    boolean engine = true;
    boolean call = true;
    Path dir = defaultOut;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--help", "-h" -> {
          out.print(USAGE);
          return 0;
        }
        case "--no-engine" -> engine = false;
        case "--no-call" -> call = false;
        case "--rounds", "--containers", "--out" -> {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(a + " needs a value\n\n" + USAGE);
          }
          String v = args.get(++i);
          switch (a) {
            case "--rounds" -> rounds = bounded(v, 1, 10, a);
            case "--containers" -> containers = bounded(v, 1, 200, a);
            default -> dir = Path.of(v);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a + "\n\n" + USAGE);
      }
    }
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadAtStart = Machine.loadAverage();
    StringBuilder md = new StringBuilder();
    md.append("# Hearth's own clients against the libraries\n\n");
    md.append("Produced by `./hearth bench clients ").append(String.join(" ", args)).append("` at ").append(started)
        .append(". The decision taken from these figures is in docs/architecture.md (\"Clients\").\n\n| | |\n|---|---|\n");
    Machine.describe().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    Machine.jdk().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append('\n');
    if (call) {
      containerCall(rounds, md, out);
    }
    if (engine) {
      DockerDriver driver = drivers.apply(dockerSocket);
      String img = image.apply(driver);
      engineCalls(driver, dockerSocket, img, containers, md, out);
    }
    md.append("\nLoad average at the end: ").append(Machine.loadAverage()).append(".\n");
    Files.createDirectories(dir);
    Path file = dir.resolve("clients.md");
    Files.writeString(file, md.toString());
    out.println("wrote " + file);
    return 0;
  }

  private static void containerCall(int rounds, StringBuilder md, PrintStream out) throws Exception {
    md.append("## The warm container call (hearth-uds against Jetty's HttpClient)\n\n");
    md.append("""
        `ContainerCallBench`: `POST /call` with Fn's call headers and a body of `requestBytes` over a
        kept-alive unix-socket connection to the quick-start function (Hello on Hearth's FDK, in a
        process of its own), the answer (`Hello, aaa…!`, 14 to 110 bytes with Content-Length) read
        whole. `hearth` is the agent's client (UdsConnection); `jetty` is Jetty %s's HttpClient over
        `Transport.TCPUnix`, blocking `send()`, one connection. JMH, one fork per case and round, 3
        warm-up and 5 measured iterations of 1 s, `-prof gc`; the clients alternate round by round
        (round 1 hearth first, round 2 jetty first, ...). Latency is the whole round trip, the
        function's share included (the same for both); allocation is the client JVM's alone. The
        body is handed to each client as it takes it: a ByteArrayInputStream to hearth's, the byte
        array to Jetty's.
        Load average at start: %s.

        """.formatted(org.eclipse.jetty.client.HttpClient.class.getPackage().getImplementationVersion(),
        Machine.loadAverage()));
    md.append("| round | client | requestBytes | µs/op | error (99.9 %) | B/op allocated |\n|--:|---|--:|--:|--:|--:|\n");
    Map<String, List<double[]>> byCase = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      List<String> order = r % 2 == 0 ? CLIENTS : CLIENTS.reversed();
      for (String client : order) {
        out.println("clients: round " + (r + 1) + ", " + client);
        var results = new Runner(new OptionsBuilder().include(ContainerCallBench.class.getName() + "\\.call$")
            .param("client", client).forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
            .measurementIterations(5).measurementTime(TimeValue.seconds(1)).addProfiler(GCProfiler.class)
            .shouldFailOnError(true).build()).run();
        for (RunResult rr : results) {
          String bytes = rr.getParams().getParam("requestBytes");
          Result<?> score = rr.getPrimaryResult();
          Result<?> alloc = rr.getSecondaryResults().get("gc.alloc.rate.norm");
          double b = alloc == null ? Double.NaN : alloc.getScore();
          md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.1f | %.1f | %.0f |%n", r + 1, client, bytes,
              score.getScore(), score.getScoreError(), b));
          byCase.computeIfAbsent(client + " " + bytes, k -> new ArrayList<>()).add(new double[] {score.getScore(), b});
        }
      }
    }
    md.append("\nRatios, jetty over hearth, of the same round (above 1: Hearth's client is faster or allocates less):\n\n");
    md.append("| requestBytes | round | latency ratio | allocation ratio |\n|--:|--:|--:|--:|\n");
    StringBuilder summary = new StringBuilder();
    for (String bytes : List.of("3", "16384")) {
      List<double[]> h = byCase.getOrDefault("hearth " + bytes, List.of());
      List<double[]> j = byCase.getOrDefault("jetty " + bytes, List.of());
      List<Long> latency = new ArrayList<>();
      List<Long> alloc = new ArrayList<>();
      for (int r = 0; r < Math.min(h.size(), j.size()); r++) {
        double lr = j.get(r)[0] / h.get(r)[0];
        double ar = j.get(r)[1] / h.get(r)[1];
        md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", bytes, r + 1, lr, ar));
        latency.add(Math.round(lr * 1000));
        alloc.add(Math.round(ar * 1000));
      }
      summary.append(String.format(Locale.ROOT, "- requestBytes %s: median latency ratio %.2f, median allocation ratio "
          + "%.2f over %d rounds%n", bytes, quantile(latency, 0.5) / 1000, quantile(alloc, 0.5) / 1000, latency.size()));
    }
    md.append('\n').append(summary).append('\n');
  }

  private static void engineCalls(DockerDriver driver, Path socket, String image, int containers, StringBuilder md,
      PrintStream out) throws Exception {
    out.println("clients: Engine calls, " + containers + " containers per client");
    String load = Machine.loadAverage();
    EngineCalls calls = new EngineCalls(driver, socket, image);
    Map<String, EngineCalls.Samples> samples;
    try {
      samples = calls.run(containers, ENGINE_LIMIT);
    } finally {
      calls.close();
    }
    int n = samples.get("hearth").wall().get(EngineCalls.Op.CREATE).size();
    md.append("## The Engine calls of a launch (hearth-docker against docker-java)\n\n");
    md.append("""
        `EngineCalls`: on the real Docker Engine, per container: create (the agent's hardened function
        container: no network, read-only rootfs, tmpfs, limits, init, socket directory bind-mounted),
        start, inspect, pause, unpause, remove (forced). `hearth` is Hearth's `DockerDriver` over its
        own Engine client; `docker-java` is docker-java %s with its zerodep transport over the same
        socket, the same create body built with its model. %d containers per client (after one
        unmeasured each), the two clients alternating container by container; image `%s`. Wall time
        is mostly the engine's work; CPU is the calling thread's, i.e. the client's own cost.
        Load average at start: %s.

        """.formatted(DockerClientVersion.of(), n, image, load));
    md.append("| call | hearth p50 ms | docker-java p50 ms | ratio | hearth p90 ms | docker-java p90 ms "
        + "| hearth CPU µs p50 | docker-java CPU µs p50 | CPU ratio |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    EngineCalls.Samples h = samples.get("hearth");
    EngineCalls.Samples d = samples.get("docker-java");
    for (EngineCalls.Op op : EngineCalls.Op.values()) {
      if (h.wall().get(op).isEmpty()) {
        continue;
      }
      double h50 = quantile(h.wall().get(op), 0.5) / 1e6;
      double d50 = quantile(d.wall().get(op), 0.5) / 1e6;
      double hc = quantile(h.cpu().get(op), 0.5) / 1e3;
      double dc = quantile(d.cpu().get(op), 0.5) / 1e3;
      md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.1f |%n",
          op.name().toLowerCase(Locale.ROOT), h50, d50, d50 / h50, quantile(h.wall().get(op), 0.9) / 1e6,
          quantile(d.wall().get(op), 0.9) / 1e6, hc, dc, dc / hc));
    }
    md.append("\nRatios are docker-java over hearth (above 1: Hearth's client is faster).\n");
    int hr = h.pauseRefusals().get();
    int dr = d.pauseRefusals().get();
    if (hr + dr > 0) {
      md.append("\nThe engine refused to pause a ready container ").append(hr).append(" time(s) for hearth and ")
          .append(dr).append(" for docker-java (runc: \"unable to freeze\"); those pauses are not timed. The agent ")
          .append("freezes idle containers through their cgroup (`CgroupFreezer`) and uses the engine's pause only ")
          .append("where it cannot.\n");
    }
  }

  static double quantile(List<Long> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  private static int bounded(String v, int min, int max, String option) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, not '" + v + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(option + " must be from " + min + " to " + max);
    }
    return n;
  }

  /** docker-java's version, from its jar's manifest or its Maven properties. */
  static final class DockerClientVersion {
    private DockerClientVersion() {}

    static String of() {
      String v = com.github.dockerjava.core.DockerClientImpl.class.getPackage().getImplementationVersion();
      if (v != null) {
        return v;
      }
      try (var in = DockerClientVersion.class.getResourceAsStream(
          "/META-INF/maven/com.github.docker-java/docker-java-core/pom.properties")) {
        if (in == null) {
          return "(version unknown)";
        }
        var p = new java.util.Properties();
        p.load(in);
        return p.getProperty("version", "(version unknown)");
      } catch (java.io.IOException e) {
        return "(version unknown)";
      }
    }
  }
}
