package io.hearth.bench;

import io.hearth.bench.scenario.BenchContext;
import io.hearth.bench.scenario.CostSizes;
import io.hearth.bench.scenario.Scenario;
import io.hearth.bench.scenario.Scenarios;
import io.hearth.bench.scenario.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code hearth bench}, parsed once in main.
 *
 * @param scenarios    what to run, in order
 * @param selection    the name of the selection ("all", or the scenarios joined), for file names
 * @param labels       extra labels on every container the run creates
 * @param nodeSettings extra HEARTH_* settings of the node the scenarios share (experiments)
 * @param budget       no scenario starts after the run has taken this long
 * @param lbCompare    another build the lb scenario runs beside this one, or null
 */
record BenchOptions(List<Scenario> scenarios, String selection, Sizes sizes, boolean smoke, String image, Path repoRoot,
    Path out,
    String name, Map<String, String> labels, Map<String, String> nodeSettings, Path dockerSocket, Duration budget,
    String execImage, CostSizes cost, Path lbCompare) {

  static final String DEFAULT_IMAGE = "hearth/testfn:latest";

  static final String USAGE = """
      usage: hearth bench [SCENARIO...] [OPTIONS]     run scenarios (default: all) and write the report
             hearth bench list                        list the scenarios
             hearth bench jmh [REGEX] [JMH OPTIONS]   the JMH benchmarks of hot in-memory paths (see --help there)
             hearth bench clients [OPTIONS]           Hearth's own clients against docker-java and Jetty's (see --help there)
             hearth bench render REPORT.json          write a report's markdown and charts again from its JSON

      Options (seconds may be fractional):
        --duration S          measured seconds of each load phase (default 5)
        --warmup S            unmeasured seconds before each load phase (default 2)
        --rounds N            floor/Hearth alternations of each comparison (default 2)
        --clients N           top of the concurrency sweep: 1, 2, 4, ... N (default 64)
        --burst N             concurrent calls of the cold burst (default 16)
        --burst-rounds N      bursts, each on a new cold function (default 3)
        --fns N               functions of the many-functions scenario (default 200)
        --many-clients N      its clients (default 8)
        --many-memory-mb M    its node's memory cap, MB (default 2048: 16 containers)
        --many-seconds S      its measured seconds (default 20)
        --rate R              open-loop calls per second (default 200)
        --connections N       open-loop connections (default 4)
        --cold-samples N      cold calls sampled (default 8)
        --thaw-samples N      thaws sampled per method (default 100)
        --payload BYTES       bytes echoed per call (default 32)
        --placer-fns N        functions of the placers scenario (default 50)
        --placer-calls N      its measured calls per placer (default 400)
        --runner-memory-mb M  memory cap of each of its 3 runners, MB (default 3072: 24 containers)
        --cost-levels N,N...  client counts of the cost scenario (default 1,16,64,256)
        --cost-containers N   containers its node holds; more clients queue (default 16)
        --idle-fns N          functions on the footprint scenario's crowded node (default 1000)
        --idle-warm N         warm containers on it, one per function (default 100; the issue's 500 need
                              about 25 GB of container memory)
        --image REF           function image (default hearth/testfn:latest, built when missing)
        --exec-image REF      image of the leases scenario's execs, run with `true` (default busybox:latest; never
                              pulled: the exec cold start is left out when the engine lacks it)
        --out DIR             report directory (default docs/benchmarks)
        --name NAME           report file name (default: the selection, e.g. all)
        --label KEY=VALUE     extra label on every container (repeatable)
        --node-env KEY=VALUE  a HEARTH_* setting for the shared node, e.g. HEARTH_CALL_RECORDS=false (repeatable)
        --docker-socket PATH  the Docker Engine (default /var/run/docker.sock)
        --budget-minutes M    start no scenario after this long (default 30)
        --lb-compare DIR      the lb scenario runs another build's nodes (a checkout built with ./mvnw package
                              -DskipTests, e.g. a git worktree of an older commit) beside this build's, phases
                              interleaved, one client: a before/after in one run
        --smoke               CI sizes: a second or so per scenario; the report says SMOKE RUN
      """;

  /** Parses the arguments after {@code bench}; {@code repoRoot} anchors the default output directory. */
  static BenchOptions parse(List<String> args, Path repoRoot) {
    boolean smoke = args.contains("--smoke");
    Sizes z = smoke ? Sizes.smoke() : Sizes.defaults();
    Map<String, String> v = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> nodeSettings = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--smoke")) {
        continue;
      }
      if (!a.startsWith("--")) {
        names.add(a);
        continue;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String value = args.get(++i);
      if (a.equals("--label") || a.equals("--node-env")) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(a + " takes KEY=VALUE, not '" + value + "'");
        }
        if (a.equals("--node-env") && !value.startsWith("HEARTH_")) {
          throw new IllegalArgumentException("--node-env takes a HEARTH_* setting, not '" + value + "'");
        }
        (a.equals("--label") ? labels : nodeSettings).put(value.substring(0, eq), value.substring(eq + 1));
      } else {
        v.put(a.substring(2), value);
      }
    }
    Sizes sizes = new Sizes(seconds(v, "warmup", z.warmup()), seconds(v, "duration", z.duration()),
        count(v, "rounds", z.rounds()), count(v, "clients", z.maxClients()), count(v, "burst", z.burst()),
        count(v, "burst-rounds", z.burstRounds()), count(v, "fns", z.fns()), count(v, "many-clients", z.manyClients()),
        count(v, "many-memory-mb", z.manyMemoryMb()), seconds(v, "many-seconds", z.manySeconds()),
        number(v, "rate", z.rate()), count(v, "connections", z.openConnections()),
        count(v, "cold-samples", z.coldSamples()), count(v, "thaw-samples", z.thawSamples()),
        count(v, "payload", z.payloadBytes()), z.callTimeout(), count(v, "placer-fns", z.placerFns()),
        count(v, "placer-calls", z.placerCalls()), count(v, "runner-memory-mb", z.runnerMemoryMb()));
    CostSizes zc = smoke ? CostSizes.smoke() : CostSizes.defaults();
    CostSizes cost = new CostSizes(v.containsKey("cost-levels") ? levels(v.get("cost-levels")) : zc.levels(),
        count(v, "cost-containers", zc.containers()), count(v, "idle-fns", zc.idleFns()),
        count(v, "idle-warm", zc.idleWarm()));
    String image = v.getOrDefault("image", DEFAULT_IMAGE);
    String execImage = v.getOrDefault("exec-image", BenchContext.DEFAULT_EXEC_IMAGE);
    Path out = v.containsKey("out") ? Path.of(v.get("out")) : repoRoot.resolve("docs/benchmarks");
    Path socket = Path.of(v.getOrDefault("docker-socket", "/var/run/docker.sock"));
    Duration budget = Duration.ofMinutes(count(v, "budget-minutes", 30));
    Path lbCompare = v.containsKey("lb-compare") ? Path.of(v.get("lb-compare")).toAbsolutePath() : null;
    if (lbCompare != null) {
      io.hearth.bench.cluster.NodeProcess.classpathOfBuild(lbCompare); // refused now, not after other scenarios ran
    }
    for (String known : List.of("warmup", "duration", "rounds", "clients", "burst", "burst-rounds", "fns",
        "many-clients", "many-memory-mb", "many-seconds", "rate", "connections", "cold-samples", "thaw-samples",
        "payload", "image", "exec-image", "out", "docker-socket", "budget-minutes", "name", "placer-fns", "placer-calls",
        "runner-memory-mb", "cost-levels", "cost-containers", "idle-fns", "idle-warm", "lb-compare")) {
      v.remove(known);
    }
    if (!v.isEmpty()) {
      throw new IllegalArgumentException("unknown option --" + v.keySet().iterator().next() + "\n\n" + USAGE);
    }
    List<Scenario> scenarios = new ArrayList<>();
    if (names.isEmpty() || names.equals(List.of("all"))) {
      scenarios.addAll(Scenarios.all());
    } else {
      for (String n : names) {
        scenarios.add(Scenarios.named(n).orElseThrow(() -> new IllegalArgumentException("no scenario '" + n
            + "'; `hearth bench list` lists them")));
      }
    }
    String selection = names.isEmpty() ? "all" : String.join("-", names);
    String name = args.contains("--name") ? args.get(args.indexOf("--name") + 1)
        : (smoke ? "smoke-" : "") + selection;
    return new BenchOptions(List.copyOf(scenarios), selection, sizes, smoke, image, repoRoot, out, name,
        Map.copyOf(labels), Map.copyOf(nodeSettings), socket, budget, execImage, cost, lbCompare);
  }

  /** The options as the report's settings. */
  Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenarios", selection);
    m.put("image", image);
    m.put("exec_image", execImage);
    m.put("warmup_s", sizes.warmup().toMillis() / 1000.0);
    m.put("duration_s", sizes.duration().toMillis() / 1000.0);
    m.put("rounds", sizes.rounds());
    m.put("max_clients", sizes.maxClients());
    m.put("burst", sizes.burst() + " x " + sizes.burstRounds());
    m.put("many", sizes.fns() + " fns, " + sizes.manyClients() + " clients, " + sizes.manyMemoryMb() + " MB, "
        + sizes.manySeconds().toSeconds() + " s");
    m.put("open_loop", sizes.rate() + "/s over " + sizes.openConnections() + " connections");
    m.put("cold_samples", sizes.coldSamples());
    m.put("thaw_samples", sizes.thawSamples());
    m.put("payload_bytes", sizes.payloadBytes());
    m.put("placers", sizes.placerFns() + " fns, " + sizes.placerCalls() + " calls per placer, runners of "
        + sizes.runnerMemoryMb() + " MB");
    m.put("cost", "levels " + cost.levels() + " on " + cost.containers() + " containers; footprint: "
        + cost.idleFns() + " fns, " + cost.idleWarm() + " warm");
    if (lbCompare != null) {
      m.put("lb_compare", lbCompare.toString());
    }
    if (!nodeSettings.isEmpty()) {
      m.put("node_settings", new java.util.TreeMap<>(nodeSettings).toString());
    }
    return m;
  }

  private static List<Integer> levels(String value) {
    List<Integer> out = new ArrayList<>();
    for (String part : value.split(",")) {
      try {
        out.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--cost-levels takes client counts separated by commas, not '" + value
            + "'");
      }
    }
    return out;
  }

  private static Duration seconds(Map<String, String> v, String key, Duration fallback) {
    if (!v.containsKey(key)) {
      return fallback;
    }
    double s = number(v, key, 0);
    if (!(s > 0) || s > 3600) {
      throw new IllegalArgumentException("--" + key + " must be more than 0 and at most 3600 seconds");
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static int count(Map<String, String> v, String key, int fallback) {
    if (!v.containsKey(key)) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get(key));
      if (n < 0 || n > 100_000) {
        throw new IllegalArgumentException("--" + key + " must be from 0 to 100000, not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + v.get(key) + "'");
    }
  }

  private static double number(Map<String, String> v, String key, double fallback) {
    if (!v.containsKey(key)) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be a number, not '" + v.get(key) + "'");
    }
  }
}
