package io.hearth.bench.records;

import io.hearth.bench.scenario.PostgresSchema;
import io.hearth.core.id.Ids;
import io.hearth.store.Database;
import io.hearth.store.DatastoreConfig;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.NewCall;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hearth bench record-writes}: what writing call records costs the node, per record, in
 * the shape its writer writes them (batches of one transaction, on one thread), for each {@link
 * Variants variant} on embedded H2 (forced to disk per batch, as by default, and not forced) and on
 * PostgreSQL. Figures are the writing thread's own CPU time and heap allocation (ThreadMXBean),
 * which barely depend on the machine's load, plus the whole process's CPU (H2 and GC work outside
 * the thread) and, on PostgreSQL, its server processes' CPU for these connections. Variants are
 * interleaved round by round, each on a database of its own; the median of the rounds is reported.
 */
public final class RecordWrites {
  static final String USAGE = """
      usage: hearth bench record-writes [--variants a,b,...] [--stores h2,h2-nosync,pg] [--batch 200,20]
                                        [--records N] [--rounds N] [--log-share F] [--out FILE]
        --variants   which ways of writing (default: all): %s
        --stores     h2 (forced per batch, the default store), h2-nosync (HEARTH_DB_SYNC=false), pg
        --batch      records per batch (default 200,20: a busy node's 100 ms flush, a quiet one's)
        --records    records per measurement (default 4000)
        --rounds     measured rounds, each after one warm-up round (default 5)
        --log-share  share of records with a log line (default 0.1)
        --out        markdown report (default: only printed)
      """;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private RecordWrites() {}

  record Settings(List<String> variants, List<String> stores, List<Integer> batches, int records, int rounds,
      double logShare, Path out) {
    static Settings parse(List<String> args) {
      List<String> variants = List.copyOf(Variants.all().keySet());
      List<String> stores = List.of("h2", "h2-nosync", "pg");
      List<Integer> batches = List.of(200, 20);
      int records = 4000;
      int rounds = 5;
      double logShare = 0.1;
      Path out = null;
      for (int i = 0; i < args.size(); i += 2) {
        String a = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(a + " needs a value\n\n" + usage());
        }
        String v = args.get(i + 1);
        switch (a) {
          case "--variants" -> variants = List.of(v.split(","));
          case "--stores" -> stores = List.of(v.split(","));
          case "--batch" -> batches = Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
          case "--records" -> records = Integer.parseInt(v);
          case "--rounds" -> rounds = Integer.parseInt(v);
          case "--log-share" -> logShare = Double.parseDouble(v);
          case "--out" -> out = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a + "\n\n" + usage());
        }
      }
      for (String v : variants) {
        if (!Variants.all().containsKey(v)) {
          throw new IllegalArgumentException("no variant " + v + "\n\n" + usage());
        }
      }
      if (rounds < 1 || rounds > 50 || records < 1 || records > 1_000_000) {
        throw new IllegalArgumentException("--rounds 1..50, --records 1..1000000");
      }
      return new Settings(variants, stores, batches, records, rounds, logShare, out);
    }
  }

  static String usage() {
    return USAGE.formatted(String.join(", ", Variants.all().keySet()));
  }

  /** One measurement: per record. */
  record Cost(double threadCpuUs, double processCpuUs, double serverCpuUs, double threadBytes) {}

  /** A variant on a store, with the database it writes to. */
  private record Subject(String store, Variant variant, Database db, List<Integer> serverPids) {}

  public static int run(List<String> args, PrintStream out) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(usage());
      return 0;
    }
    Settings s = Settings.parse(args);
    Path dir = Files.createTempDirectory("hearth-record-writes");
    List<PostgresSchema> schemas = new ArrayList<>();
    List<Subject> subjects = new ArrayList<>();
    String started = Instant.now().toString();
    double[] loadBefore = loadAverage();
    try {
      for (String store : s.stores()) {
        for (String name : s.variants()) {
          Variant v = Variants.all().get(name);
          DatastoreConfig config;
          String app = "rec-bench-" + store + "-" + name;
          switch (store) {
            case "h2" -> config = DatastoreConfig.fromUrl("", dir.resolve(store + "-" + name));
            case "h2-nosync" -> config = DatastoreConfig.fromUrl("", dir.resolve(store + "-" + name))
                .withForceCommits(false);
            case "pg" -> {
              PostgresSchema.Result r = PostgresSchema.create();
              PostgresSchema schema = r.schema().orElseThrow(() -> new IllegalStateException(r.why()));
              schemas.add(schema);
              config = DatastoreConfig.fromUrl(schema.url() + "&ApplicationName=" + app, null);
            }
            default -> throw new IllegalArgumentException("unknown store " + store);
          }
          Database db = Database.open(config.withPoolSize(2));
          for (String ddl : v.ddl()) {
            db.run(c -> {
              try (Statement st = c.createStatement()) {
                return st.execute(ddl);
              }
            });
          }
          subjects.add(new Subject(store, v, db, store.equals("pg") ? backendPids(db, app) : List.of()));
        }
      }
      Ids ids = new Ids(InstantSource.system(), new SecureRandom());
      Map<String, List<Cost>> costs = new LinkedHashMap<>();
      for (int round = -1; round < s.rounds(); round++) {
        for (int batch : s.batches()) {
          for (Subject subject : subjects) {
            Cost c = measure(subject, batch, s.records(), s.logShare(), ids);
            if (round >= 0) {
              costs.computeIfAbsent(subject.store() + "|" + subject.variant().name() + "|" + batch,
                  k -> new ArrayList<>()).add(c);
            }
          }
        }
        out.printf("round %d of %d done%n", round + 1, s.rounds());
      }
      String md = markdown(s, costs, started, loadBefore, loadAverage(), String.join(" ", args));
      out.print(md);
      if (s.out() != null) {
        Files.writeString(s.out(), md);
        out.println("wrote " + s.out());
      }
      return 0;
    } finally {
      subjects.forEach(sub -> sub.db().close());
      schemas.forEach(PostgresSchema::close);
      deleteTree(dir);
    }
  }

  private static Cost measure(Subject subject, int batchSize, int records, double logShare, Ids ids) {
    int batches = Math.max(1, records / batchSize);
    List<List<NewCall>> work = new ArrayList<>(batches);
    for (int b = 0; b < batches; b++) {
      work.add(batch(batchSize, logShare, ids, b));
    }
    long server0 = serverTicks(subject.serverPids());
    long process0 = OS.getProcessCpuTime();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
    for (List<NewCall> b : work) {
      subject.variant().inserter().insert(subject.db(), b);
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes0;
    long process = OS.getProcessCpuTime() - process0;
    long server = serverTicks(subject.serverPids()) - server0;
    double n = (double) batches * batchSize;
    return new Cost(cpu / 1e3 / n, process / 1e3 / n, server * 10_000.0 / n, bytes / n);
  }

  /** A batch as the node's writer hands it over: ids in call order, a few functions, some logs. */
  private static List<NewCall> batch(int size, double logShare, Ids ids, int b) {
    List<NewCall> out = new ArrayList<>(size);
    Instant now = Instant.now();
    for (int i = 0; i < size; i++) {
      Instant completed = now.plusNanos(i * 50_000L);
      Duration exec = Duration.ofNanos(180_000 + (i % 13) * 1_000);
      Duration queue = Duration.ofNanos(20_000);
      Instant created = completed.minus(exec).minus(queue);
      boolean failed = (i + b) % 50 == 0;
      CallRecord r = new CallRecord(ids.next(), "01JFAPPBENCHRECORDWRITES00", "01JFFNBENCHRECORDWRITES0" + (i % 4) + "0",
          failed ? "error" : "success", created, created.plus(queue), completed, queue, Duration.ZERO, exec, false,
          failed ? "the function exited with status 1" : null);
      boolean logged = logShare > 0 && (i % Math.max(1, Math.round(1 / logShare))) == 0;
      out.add(new NewCall(r, logged ? "handled request " + i + "\n" : ""));
    }
    return out;
  }

  private static List<Integer> backendPids(Database db, String app) {
    // hold both pooled connections at once, so that both are open, then read their backends' pids
    return db.read(outer -> db.read(inner -> {
      List<Integer> pids = new ArrayList<>();
      try (PreparedStatement ps = inner.prepareStatement(
          "SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
        ps.setString(1, app);
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            pids.add(r.getInt(1));
          }
        }
      }
      return pids;
    }));
  }

  /** utime + stime of the processes, in clock ticks (1/100 s on Linux); 0 when /proc cannot tell. */
  private static long serverTicks(List<Integer> pids) {
    long ticks = 0;
    for (int pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
    return ticks;
  }

  private static double[] loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    } catch (IOException | RuntimeException e) {
      return new double[] {OS.getSystemLoadAverage(), -1, -1};
    }
  }

  static String markdown(Settings s, Map<String, List<Cost>> costs, String started, double[] before, double[] after,
      String argLine) {
    StringBuilder md = new StringBuilder();
    md.append("`./hearth bench record-writes ").append(argLine.strip()).append("` at ").append(started)
        .append("; load average ").append(fmt(before)).append(" at the start, ").append(fmt(after))
        .append(" at the end. ").append(s.records()).append(" records per measurement, median of ").append(s.rounds())
        .append(" interleaved rounds; ").append(Math.round(s.logShare() * 100)).append(" % of records with a log.\n\n");
    md.append("| store | variant | batch | writer thread CPU us/record | process CPU us/record"
        + " | PostgreSQL server CPU us/record | writer thread allocation B/record |\n|---|---|--:|--:|--:|--:|--:|\n");
    for (var e : costs.entrySet()) {
      String[] k = e.getKey().split("\\|");
      List<Cost> c = e.getValue();
      md.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ").append(k[2]).append(" | ")
          .append(f1(median(c, Cost::threadCpuUs))).append(" | ").append(f1(median(c, Cost::processCpuUs))).append(" | ")
          .append(k[0].equals("pg") ? f1(median(c, Cost::serverCpuUs)) : "").append(" | ")
          .append(String.format(Locale.ROOT, "%,.0f", median(c, Cost::threadBytes))).append(" |\n");
    }
    md.append("\nVariants:\n\n");
    for (String v : s.variants()) {
      md.append("- `").append(v).append("`: ").append(Variants.all().get(v).description()).append('\n');
    }
    return md.toString();
  }

  private static double median(List<Cost> c, java.util.function.ToDoubleFunction<Cost> f) {
    double[] v = c.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fmt(double[] l) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", l[0], l[1], l[2]);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
