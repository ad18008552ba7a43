package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.docker.testing.fn.ReadyMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against the real engine, with a container that does the ready half of Fn's contract. */
class DockerDriverIntegrationTest {
  static String image;
  static DockerDriver driver;
  @TempDir Path tmp;
  final String testLabel = UUID.randomUUID().toString();
  final List<String> created = new ArrayList<>();

  @BeforeAll
  static void image() {
    driver = TestDocker.driver();
    image = TestImages.functionImage("ready", ReadyMain.class.getName(), ReadyMain.class);
  }

  @AfterEach
  void removeContainers() {
    created.forEach(driver::remove);
  }

  ContainerSpec spec(String name) throws IOException {
    Path sockets = TestDocker.socketDir(tmp.resolve(name));
    Map<String, String> labels = new HashMap<>(TestDocker.labels());
    labels.put("io.hearth.test.case", testLabel);
    return new ContainerSpec("hearth-test-" + name + "-" + UUID.randomUUID(), image,
        Map.of("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock", "FN_FORMAT", "http-stream"), labels, sockets,
        128L << 20, 250, 50, 350, true, 8L << 20, "1000:1000");
  }

  String create(ContainerSpec spec) {
    String id = driver.create(spec);
    created.add(id);
    return id;
  }

  @Test
  void lifecycleWithHardeningVisibleInInspect() throws Exception {
    ContainerSpec spec = spec("life");
    long t0 = System.nanoTime();
    String id = create(spec);
    assertThat(driver.inspect(id).running()).isFalse();
    driver.start(id);
    awaitSocket(spec.socketDir());
    System.out.printf("create+start to lsnr.sock: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(driver.inspect(id)).isEqualTo(new ContainerState(true, false, 0, false, ""));

    JsonNode raw = driver.inspectRaw(id);
    JsonNode h = raw.path("HostConfig");
    assertThat(h.path("ReadonlyRootfs").asBoolean()).isTrue();
    assertThat(h.path("NetworkMode").asText()).isEqualTo("none");
    assertThat(h.path("CapDrop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(h.path("SecurityOpt").toString()).contains("no-new-privileges");
    assertThat(h.path("PidsLimit").asLong()).isEqualTo(50);
    assertThat(h.path("Memory").asLong()).isEqualTo(128L << 20);
    assertThat(h.path("MemorySwap").asLong()).isEqualTo(128L << 20);
    assertThat(h.path("NanoCpus").asLong()).isEqualTo(250_000_000L);
    assertThat(h.path("Init").asBoolean()).isTrue();
    assertThat(h.path("Tmpfs").path("/tmp").asText()).contains("size=" + (8L << 20));
    assertThat(h.path("Ulimits").toString()).contains("\"Name\":\"nofile\"", "\"Soft\":350", "\"Hard\":350");
    assertThat(h.path("Binds").get(0).asText()).isEqualTo(spec.socketDir() + ":/tmp/iofs");
    assertThat(raw.path("Config").path("User").asText()).isEqualTo("1000:1000");
    assertThat(raw.path("Config").path("Labels").path("io.hearth.test.case").asText()).isEqualTo(testLabel);
    assertThat(raw.path("Config").path("Env").toString()).contains("FN_FORMAT=http-stream");
    assertThat(raw.path("NetworkSettings").path("Networks").has("none")).isTrue();

    driver.pause(id);
    driver.pause(id); // already paused is fine
    assertThat(driver.inspect(id).paused()).isTrue();
    assertThat(driver.inspect(id).running()).isTrue();
    driver.unpause(id);
    driver.unpause(id); // not paused is fine
    assertThat(driver.inspect(id).paused()).isFalse();

    driver.kill(id);
    ContainerState dead = ImageBuilderIntegrationTest.awaitExit(driver, id);
    assertThat(dead.exitCode()).isEqualTo(137);
    driver.kill(id); // not running is fine
    assertThatThrownBy(() -> driver.pause(id)).isInstanceOf(DriverException.class)
        .hasMessageContaining("pause container " + id).hasMessageContaining("not running");

    driver.remove(id);
    assertThat(driver.inspect(id)).isEqualTo(ContainerState.gone());
    driver.remove(id); // gone is fine
    assertThatThrownBy(() -> driver.start(id)).isInstanceOfSatisfying(DriverException.class,
        e -> assertThat(e.kind()).isEqualTo(DriverException.Kind.NO_SUCH_CONTAINER));
  }

  @Test
  void killsAPausedContainer() throws Exception {
    ContainerSpec spec = spec("paused");
    String id = create(spec);
    driver.start(id);
    awaitSocket(spec.socketDir());
    driver.pause(id);
    driver.kill(id);
    assertThat(ImageBuilderIntegrationTest.awaitExit(driver, id).running()).isFalse();
  }

  @Test
  void listsByLabel() throws Exception {
    String a = create(spec("la"));
    String b = create(spec("lb"));
    assertThat(driver.list(Map.of("io.hearth.test.case", testLabel))).containsExactlyInAnyOrder(a, b);
    assertThat(driver.list(Map.of("io.hearth.test.case", testLabel, TestDocker.RUN_LABEL, TestDocker.RUN_ID)))
        .containsExactlyInAnyOrder(a, b);
    assertThat(driver.list(Map.of("io.hearth.test.case", "other-" + testLabel))).isEmpty();
  }

  @Test
  void onExitReportsAContainerKilledFromOutside() throws Exception {
    LinkedBlockingQueue<String> exits = new LinkedBlockingQueue<>();
    ContainerSpec spec = spec("exit");
    String id = create(spec);
    AutoCloseable handle = driver.onExit(Map.of("io.hearth.test.case", testLabel), exits::add);
    try {
      driver.start(id);
      awaitSocket(spec.socketDir());
      // as `docker kill` would, straight through the API
      assertThat(driver.engine().call("POST", "/containers/" + id + "/kill", null).status()).isEqualTo(204);
      assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(id);
    } finally {
      assertTimeoutPreemptively(Duration.ofSeconds(30), handle::close, "closing the exit watch");
    }
    // a container of another label dying is not reported, and a closed handle reports nothing
    String other = create(spec("exit2"));
    driver.start(other);
    driver.kill(other);
    assertThat(exits.poll(500, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void missingImageFailsInFnWords() {
    String missing = "hearth-test/no-such-image:" + UUID.randomUUID();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> driver.ensureImage(missing, Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(DriverException.class, e -> {
          assertThat(e.kind()).isIn(DriverException.Kind.IMAGE_NOT_FOUND, DriverException.Kind.IMAGE_PULL_TIMEOUT);
          System.out.println("missing image: " + e.getMessage());
          if (e.kind() == DriverException.Kind.IMAGE_NOT_FOUND) {
            assertThat(e.getMessage()).startsWith("Failed to pull image '" + missing + "': ");
          }
        });
    System.out.printf("pull of a missing image failed after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  void presentImageIsEnsured() {
    driver.ensureImage(image, Duration.ofSeconds(5));
    driver.ensureImage(image, Duration.ofSeconds(5));
    assertThat(driver.imageExists(image)).isTrue();
  }

  @Test
  void createFromAMissingImageSaysSo() throws Exception {
    ContainerSpec spec = spec("noimg");
    ContainerSpec missing = new ContainerSpec(spec.name(), "hearth-test/no-such-image:1", spec.env(), spec.labels(),
        spec.socketDir(), spec.memoryBytes(), 0, 0, 0, true, 0, "");
    assertThatThrownBy(() -> driver.create(missing)).isInstanceOfSatisfying(DriverException.class, e -> {
      assertThat(e.kind()).isEqualTo(DriverException.Kind.IMAGE_NOT_FOUND);
      assertThat(e.getMessage()).contains("hearth-test/no-such-image:1", "HTTP 404");
    });
  }

  static void awaitSocket(Path dir) throws InterruptedException {
    Path sock = dir.resolve("lsnr.sock");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.exists(sock) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(sock).as("lsnr.sock of the container").exists();
  }
}
