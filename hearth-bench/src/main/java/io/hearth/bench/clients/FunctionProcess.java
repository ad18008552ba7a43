package io.hearth.bench.clients;

import io.hearth.samples.Hello;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The quick-start function ({@link Hello} on Hearth's FDK) in a process of its own, serving on a
 * unix socket as it does in a container: the server side of the container-call comparison. A
 * separate process, so that the client JVM's time and allocation are the client's alone.
 */
final class FunctionProcess implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private final Process process;
  private final Path dir;
  private final Path listener;

  private FunctionProcess(Process process, Path dir, Path listener) {
    this.process = process;
    this.dir = dir;
    this.listener = listener;
  }

  /** Starts the function with this JVM's class path and waits until its listener socket exists. */
  static FunctionProcess start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("hearth-clients-");
    Path listener = dir.resolve("lsnr.sock");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"), Hello.class.getName());
    pb.environment().put("FN_LISTENER", "unix:" + listener);
    pb.environment().put("FN_FORMAT", "http-stream");
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("function.log").toFile());
    Process p = pb.start();
    FunctionProcess f = new FunctionProcess(p, dir, listener);
    long until = System.nanoTime() + READY_WITHIN.toNanos();
    while (!Files.exists(listener)) {
      if (!p.isAlive() || System.nanoTime() > until) {
        f.close();
        throw new IOException("the function process did not publish " + listener + " (see " + dir + "/function.log)");
      }
      Thread.sleep(10);
    }
    return f;
  }

  /** The socket the function serves on (the listener symlink resolved, as the agent connects to it). */
  Path socket() throws IOException {
    return listener.toRealPath();
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
