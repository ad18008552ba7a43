package io.hearth.server;

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
 * One {@code hearth server} node as a real process on 127.0.0.1, for multi-node tests. It runs
 * {@code io.hearth.server.Main} on this test's own classpath (the classes just built: the same
 * jars the distribution copies, without test classes), with a clean environment plus the given
 * settings, its output in files. Startup and shutdown are bounded.
 */
final class NodeProcess implements AutoCloseable {
  private static final Pattern RUNNING = Pattern.compile("is running on (\\S+)");

  final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path out;
  private final Path err;
  /** "is running" lines in the output file before the current launch (a restart appends). */
  private int startsBefore;
  private Process process;
  private String where;

  private NodeProcess(String name, List<String> command, Map<String, String> env, Path logDir) {
    this.name = name;
    this.command = command;
    this.env = env;
    this.out = logDir.resolve(name + ".out");
    this.err = logDir.resolve(name + ".err");
  }

  /** Starts {@code hearth server <args>} with {@code env}; call {@link #awaitRunning} next. */
  static NodeProcess start(String name, List<String> args, Map<String, String> env, Path logDir) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", classpath(logDir.resolve("classpath")), "io.hearth.server.Main", "server"));
    command.addAll(args);
    NodeProcess p = new NodeProcess(name, command, env, logDir);
    p.launch();
    return p;
  }

  /** Waits up to {@code timeout} for the process to exit; its exit code, or empty while it runs on. */
  java.util.Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? java.util.Optional.of(process.exitValue())
        : java.util.Optional.empty();
  }

  String stdoutTail() {
    return tail(out, 60);
  }

  /** Starts the same node again (after it was killed or stopped), with the same settings. */
  void restart() throws IOException {
    launch();
  }

  private void launch() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("HEARTH_") || k.startsWith("FN_"));
    pb.environment().putAll(env);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    pb.redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    where = null;
    startsBefore = runningLines().size();
    process = pb.start();
  }

  /** Waits for this launch's "is running on ..." line and returns where the node listens. */
  String awaitRunning(Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      List<String> found = runningLines();
      if (found.size() > startsBefore) {
        where = found.getLast();
        return where;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(err, 40));
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " did not start within " + timeout + ":\n" + tail(err, 40));
  }

  private List<String> runningLines() throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.exists(out)) {
      return found;
    }
    for (String line : Files.readAllLines(out)) {
      Matcher m = RUNNING.matcher(line);
      if (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  /** Where it listens: {@code http://127.0.0.1:port} or {@code host:port} for a runner's gRPC. */
  String where() {
    return where;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no draining, connections cut, containers left behind. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: a runner drains first. Returns whether it exited within {@code timeout}. */
  boolean stop(Duration timeout) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return true;
    }
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  String stderrTail() {
    return tail(err, 60);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive() && !stop(Duration.ofSeconds(20))) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.exists(file) ? Files.readAllLines(file) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /**
   * This test JVM's classpath without test classes: the main classes and every runtime jar. Class
   * directories are copied once into {@code snapshot}, so that a build running beside the test
   * (recompiling into target/classes) cannot pull classes from under the nodes.
   */
  static synchronized String classpath(Path snapshot) throws IOException {
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith("test-classes") || entry.contains("surefire")) {
        continue;
      }
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        Path copy = snapshot.resolve("classes-" + n++);
        if (!Files.exists(copy)) {
          copyTree(p, copy);
        }
        entries.add(copy.toString());
      } else {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
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
