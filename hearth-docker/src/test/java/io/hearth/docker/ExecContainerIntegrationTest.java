package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.LogSink;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exec-shaped containers (a command, a bind mount, no socket directory) and following their logs. */
class ExecContainerIntegrationTest {
  @TempDir Path tmp;
  final DockerDriver driver = TestDocker.driver();
  final String image = TestImages.busybox();
  final String testCase = UUID.randomUUID().toString();
  final List<String> created = new ArrayList<>();

  @AfterEach
  void removeContainers() {
    created.forEach(driver::remove);
  }

  String create(Path scratch, String... cmd) {
    Map<String, String> labels = new HashMap<>(TestDocker.labels());
    labels.put("io.hearth.test.case", testCase);
    String id = driver.create(new ContainerSpec("hearth-test-exec-" + UUID.randomUUID(), image, Map.of(), labels, null,
        32L << 20, 250, 50, 350, true, 0, "1000:1000", List.of(cmd),
        List.of(new ContainerSpec.Mount(scratch, "/alloc", false)), 4L << 20));
    created.add(id);
    return id;
  }

  /** Collects a followed log; {@code ended} completes at its end. */
  static final class Collected implements LogSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<Exception> ended = new CompletableFuture<>();

    @Override
    public synchronized void output(byte[] buffer, int offset, int length) {
      bytes.write(buffer, offset, length);
    }

    @Override
    public void ended(Exception failure) {
      ended.complete(failure);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void execContainerRunsItsCommandWithTheMountAndItsLogIsFollowedFromTheFirstByte() throws Exception {
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));
    String id = create(scratch, "sh", "-c", "echo one; echo two >&2; echo written > /alloc/f; exit 7");
    driver.start(id);
    Collected log = new Collected(); // followed after the start: the engine's log holds what came before
    driver.followLog(id, log);
    assertThat(log.ended.get(60, TimeUnit.SECONDS)).isNull();
    assertThat(log.text()).contains("one\n").contains("two\n");
    assertThat(driver.inspect(id).running()).isFalse();
    assertThat(driver.inspect(id).exitCode()).isEqualTo(7);
    assertThat(Files.readString(scratch.resolve("f"))).isEqualTo("written\n");
    var h = driver.inspectRaw(id).path("HostConfig");
    assertThat(h.path("Binds").toString()).contains(scratch + ":/alloc:rw").doesNotContain("/tmp/iofs");
    assertThat(h.path("LogConfig").path("Config").path("max-size").asText()).isEqualTo(Long.toString(4L << 20));

    Collected again = new Collected(); // a stopped container's log: all of it, then the end
    driver.followLog(id, again);
    assertThat(again.ended.get(60, TimeUnit.SECONDS)).isNull();
    assertThat(again.text()).isEqualTo(log.text());
  }

  @Test
  void listLabelsGivesEachContainersLabels() {
    String id = create(tmp, "true");
    Map<String, Map<String, String>> found = driver.listLabels(Map.of("io.hearth.test.case", testCase));
    assertThat(found).containsOnlyKeys(id);
    assertThat(found.get(id)).containsEntry("io.hearth.test.case", testCase)
        .containsEntry(TestDocker.RUN_LABEL, TestDocker.RUN_ID);
  }
}
