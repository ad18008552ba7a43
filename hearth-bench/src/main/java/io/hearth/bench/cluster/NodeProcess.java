package io.hearth.bench.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code hearth server} node as a process of its own on 127.0.0.1: {@code io.hearth.server.Main}
 * on this benchmark's classpath, a clean environment plus the given settings, its output in files.
 * Startup and shutdown are bounded.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Pattern RUNNING = Pattern.compile("is running on (?:grpc )?(\\S+)");
  /**
   * Every node gets the same JVM options, so that neither side of a comparison has an edge: those
   * the {@code hearth} launcher runs nodes with ({@code NODE_JVM_OPTS}; NodeJvmOptionsTest checks
   * they agree), so that what is measured here is what users run.
   */
  static final List<String> JVM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
      "-Xms40m", "-XX:NewSize=24m", "-Xmx256m", "-XX:+UseCompactObjectHeaders", "-XX:TrimNativeHeapInterval=5000");

  /** The JVM options every node process gets. */
  public static List<String> jvmOptions() {
    return JVM_OPTIONS;
  }

  private final String name;
  private final Path out;
  private final Path err;
  private final Process process;
  private String where;

  private NodeProcess(String name, Process process, Path out, Path err) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code hearth server <args>} with {@code env}, on {@code classpath} ({@link #classpath()}
   * or another build's, {@link #classpathOfBuild}); {@link #awaitRunning} next.
   */
  static NodeProcess start(String name, String classpath, List<String> args, Map<String, String> env, Path logDir)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("io.hearth.server.Main", "server"));
    command.addAll(args);
    return startMain(name, classpath, command, env, logDir);
  }

  /**
   * Starts {@code mainAndArgs} (a main class of this classpath and its arguments) with the nodes' JVM
   * options and {@code env}; {@link #awaitRunning} waits for its "is running on" line.
   */
  static NodeProcess startMain(String name, String classpath, List<String> mainAndArgs, Map<String, String> env,
      Path logDir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", classpath));
    command.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("HEARTH_") || k.startsWith("FN_"));
    pb.environment().putAll(env);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    return new NodeProcess(name, pb.start(), out, err);
  }

  /** Waits for the "is running on ..." line; returns where the node listens. */
  public String awaitRunning(Duration timeout) throws IOException, InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (Files.exists(out)) {
        for (String line : Files.readAllLines(out)) {
          Matcher m = RUNNING.matcher(line);
          if (m.find()) {
            where = m.group(1);
            return where;
          }
        }
      }
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + ":\n" + tail(40));
      }
      Thread.sleep(50);
    }
    throw new IOException(name + " did not start within " + timeout + ":\n" + tail(40));
  }

  public String name() {
    return name;
  }

  /** {@code http://127.0.0.1:port} of an HTTP node, {@code host:port} of a runner's gRPC. */
  public String where() {
    return where;
  }

  /** The HTTP port of an api, lb or all-in-one node. */
  public int port() {
    return Integer.parseInt(where.substring(where.lastIndexOf(':') + 1));
  }

  public long pid() {
    return process.pid();
  }

  /**
   * CPU time the process has used so far (user + system, from {@code /proc/<pid>/stat}, in clock
   * ticks of 10 ms), in nanoseconds; -1 when unknown.
   */
  public long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from the 3rd on
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime, stime (14th, 15th)
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The process's resident memory now ({@code VmRSS} of {@code /proc/<pid>/status}), bytes; -1 when unknown. */
  public long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** SIGTERM (a runner drains, removing its containers), then SIGKILL after {@code timeout}. */
  public void stop(Duration timeout) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(30));
  }

  String tail(int lines) {
    try {
      List<String> all = Files.exists(err) ? Files.readAllLines(err) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + err + ": " + e + ")";
    }
  }

  /** This JVM's classpath without test classes: the main classes and every runtime jar. */
  static String classpath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.endsWith("test-classes") && !entry.contains("surefire")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * The server's classpath in another build of Hearth (a checkout built with {@code mvnw package}):
   * its classes and the distribution's jars, as {@code ./hearth server} runs it.
   *
   * @throws IllegalArgumentException when {@code root} holds no such build
   */
  public static String classpathOfBuild(Path root) {
    Path classes = root.resolve("hearth-server/target/classes");
    Path lib = root.resolve("hearth-server/target/dist/lib");
    if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
      throw new IllegalArgumentException(root + " holds no built Hearth (no " + classes + " and " + lib
          + "): build it there with ./mvnw package -DskipTests");
    }
    return classes + File.pathSeparator + lib + File.separator + "*";
  }

  /**
   * A port free now, below the kernel's ephemeral range (32768 and up on Linux), so that processes
   * binding port 0 meanwhile (an lb's or runner's HTTP side) cannot take it before its node binds it.
   */
  static int freePort() throws IOException {
    java.util.random.RandomGenerator random = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 100; i++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
