package io.hearth.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker Engine of the test's own, never the machine's: a {@code dockerd} this test starts with
 * its own unix socket, data root, exec root and pid file under a fresh directory, without
 * iptables, IP forwarding or a bridge (function containers run with {@code --network none}). It can
 * be stopped and started again (an engine restart) and is stopped and removed at {@link #close}.
 * {@link #start} answers why not when it cannot start one (not root, no dockerd, no storage driver).
 */
final class PrivateDockerd implements AutoCloseable {
  private final Path dir;
  private final Path socket;
  private final List<String> command;
  private Process process;

  private PrivateDockerd(Path dir, String storageDriver) {
    this.dir = dir;
    this.socket = dir.resolve("d.sock");
    this.command = List.of("dockerd", "--host", "unix://" + socket, "--data-root", dir.resolve("data").toString(),
        "--exec-root", dir.resolve("x").toString(), "--pidfile", dir.resolve("d.pid").toString(),
        "--iptables=false", "--ip-forward=false", "--bridge=none", "--storage-driver=" + storageDriver);
  }

  /** A running private engine, or why none could be started. */
  record Started(PrivateDockerd engine, String whyNot) {}

  static Started start() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      return new Started(null, "a private dockerd needs root");
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/dockerd")) && !Files.isExecutable(Path.of("/usr/bin/dockerd"))) {
      return new Started(null, "no dockerd installed");
    }
    String why = "";
    for (String driver : List.of("overlay2", "vfs")) { // overlay on overlay fails: vfs then
      // short, so the engine's and containerd's sockets stay under the unix socket path limit
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "hd");
      PrivateDockerd d = new PrivateDockerd(dir, driver);
      d.launch();
      if (d.awaitUp(Duration.ofSeconds(60))) {
        return new Started(d, "");
      }
      why += driver + ": " + d.logTail() + "\n";
      d.close();
    }
    return new Started(null, "the private dockerd did not start:\n" + why);
  }

  Path socket() {
    return socket;
  }

  private void launch() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()));
    process = pb.start();
  }

  /** Stops the engine (SIGTERM: it stops its containers) and waits, bounded, for it to exit. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts it again on the same socket and data; returns whether it answers within the bound. */
  boolean restart() throws Exception {
    launch();
    return awaitUp(Duration.ofSeconds(60));
  }

  boolean awaitUp(Duration bound) throws InterruptedException {
    long until = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        return false;
      }
      if (pings()) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private boolean pings() {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buf = ByteBuffer.allocate(512);
      ch.read(buf);
      String answer = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
      return answer.startsWith("HTTP/1.") && answer.contains(" 200 ");
    } catch (IOException e) {
      return false;
    }
  }

  /** Copies {@code image} from the machine's engine into this one ({@code docker save | docker load}). */
  void loadFrom(Path sharedSocket, String image) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "docker -H unix://" + sharedSocket + " save " + image
        + " | docker -H unix://" + socket + " load").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("loading " + image + " into the private engine: " + out);
    }
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("dockerd.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
  }
}
