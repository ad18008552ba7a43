package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.docker.testing.TestDocker;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./hearth} launcher script, run as a process against a node. It runs from a
 * scratch root holding a byte-for-byte copy of the script and a distribution made of this test's
 * own classpath (marked built), so that the test neither starts a nested Maven build nor marks the
 * repository's distribution fresh when it is not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIntegrationTest {
  static TestServer node;
  @TempDir static Path root;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    node = TestServer.start(Map.of());
    node.app("launched");
    Path repo = Path.of(System.getProperty("hearth.repo.root", "..")).toAbsolutePath().normalize();
    Files.copy(repo.resolve("hearth"), root.resolve("hearth"));
    root.resolve("hearth").toFile().setExecutable(true);
    Path target = Files.createDirectories(root.resolve("hearth-server/target"));
    Path lib = Files.createDirectories(target.resolve("dist/lib"));
    Path ownClasses = repo.resolve("hearth-server/target/classes");
    Files.createSymbolicLink(target.resolve("classes"), ownClasses);
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
        Files.createSymbolicLink(lib.resolve(n++ + "-" + p.getFileName()), p);
      } else if (Files.isDirectory(p) && !p.equals(ownClasses) && !p.endsWith("test-classes")) {
        jar(p, lib.resolve(n++ + "-classes.jar")); // a sibling module's classes in a reactor build
      }
    }
    Files.writeString(target.resolve("dist/.built"), "");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  record Result(int code, String out, String err) {}

  static Result launch(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("hearth").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("HEARTH_URL");
    pb.environment().remove("HEARTH_API_TOKEN");
    Path out = Files.createTempFile(root, "out", ".txt");
    Path err = Files.createTempFile(root, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void listsAppsThroughTheLauncher() throws Exception {
    Result r = launch("apps", "list", "--url", node.url(""));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("building");
    assertThat(r.out()).contains("NAME").contains("launched");
  }

  @Test
  void saysSoWhenNoServerAnswers() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r = launch("apps", "list", "--url", "http://127.0.0.1:" + port);
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("cannot reach Hearth at http://127.0.0.1:" + port
        + ": is it running? (./hearth server)");
  }

  @Test
  void helpListsTheClientCommands() throws Exception {
    Result r = launch("help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("server").contains("deploy").contains("calls list|get|log");
  }

  private static void jar(Path dir, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

}
