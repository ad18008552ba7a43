package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 12: {@code scripts/docker-engine.sh} never kills an engine it did not start, and
 * starts dockerd in a session of its own. Runs the real script with a fake {@code curl} and a fake
 * {@code dockerd} first on the PATH, a socket, log and pid file of the test's own: the machine's
 * engine and its pid file are never touched.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerEngineScriptTest {
  private static final Path SCRIPT = script();

  @TempDir Path tmp;

  private static Path script() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("scripts/docker-engine.sh"))) {
        return p.resolve("scripts/docker-engine.sh");
      }
    }
    throw new IllegalStateException("scripts/docker-engine.sh not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void aWedgedEngineItDidNotStartIsLeftAlone() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    // pings answer, container listings hang: the "wedged" engine the script restarts when it is its own
    executable(bin.resolve("curl"), "#!/bin/sh\ncase \"$*\" in *_ping*) exit 0;; *) exit 28;; esac\n");
    Process other = new ProcessBuilder("sleep", "300").start(); // stands for an engine someone else runs
    try (ServerSocketChannel sock = socket(tmp.resolve("engine.sock"))) {
      Path pidFile = tmp.resolve("dockerd.pid");
      Files.writeString(pidFile, Long.toString(other.pid()));
      Result r = run(bin, "ensure", Map.of("HEARTH_DOCKERD_PIDFILE", pidFile.toString()));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.stderr()).contains("did not start it").contains("leaves");
      assertThat(other.isAlive()).as("the process in the pid file was not killed").isTrue();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void dockerdStartsInASessionOfItsOwn() throws Exception {
    assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
        StandardCharsets.US_ASCII).strip()), "starting dockerd is done as root only; not root here");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path pidFile = tmp.resolve("dockerd.pid");
    // the fake engine writes the pid file it is given and stays up; pings answer once it has
    executable(bin.resolve("dockerd"), "#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = --pidfile ] && echo $$ > \"$2\"; "
        + "shift; done\nexec sleep 300\n");
    executable(bin.resolve("curl"), "#!/bin/sh\n[ -s '" + pidFile + "' ]\n");
    long pid = -1;
    try (ServerSocketChannel sock = socket(tmp.resolve("engine.sock"))) {
      Result r = run(bin, "ensure", Map.of("HEARTH_DOCKERD_PIDFILE", pidFile.toString(),
          "HEARTH_DOCKERD_WAIT_SECS", "20"));
      assertThat(r.exit()).as(r.stderr()).isZero();
      pid = Long.parseLong(Files.readString(pidFile).strip());
      assertThat(session(pid)).as("dockerd leads a session of its own").isEqualTo(pid);
      assertThat(session(pid)).isNotEqualTo(session(ProcessHandle.current().pid()));
    } finally {
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // the fake engine this test started
      }
    }
  }

  private record Result(int exit, String stderr) {}

  private Result run(Path bin, String command, Map<String, String> extra) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), command);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("HEARTH_DOCKER_SOCKET", tmp.resolve("engine.sock").toString());
    pb.environment().put("HEARTH_DOCKERD_LOG", tmp.resolve("dockerd.log").toString());
    pb.environment().putAll(extra);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the script did not finish: " + err);
    }
    return new Result(p.exitValue(), err);
  }

  private static ServerSocketChannel socket(Path path) throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ch.bind(UnixDomainSocketAddress.of(path));
    return ch;
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The session id of a process, from /proc. */
  private static long session(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(after[3]);
  }
}
