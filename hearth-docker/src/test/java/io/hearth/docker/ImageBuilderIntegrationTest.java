package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.ContainerState;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.docker.testing.fn.HelloMain;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds a JRE base and a function image on the real engine and runs it hardened. */
class ImageBuilderIntegrationTest {
  @TempDir Path tmp;

  @Test
  void functionImageRunsHardenedAndPrints() throws Exception {
    DockerDriver driver = TestDocker.driver();
    long t0 = System.nanoTime();
    String image = TestImages.functionImage("hello", HelloMain.class.getName(), HelloMain.class);
    System.out.printf("function image %s ready in %d ms (base included when it was missing)%n", image,
        (System.nanoTime() - t0) / 1_000_000);
    printSize(driver, image);
    printSize(driver, TestImages.builder().ensureBaseImage(Set.of()));

    Path sockets = TestDocker.socketDir(tmp.resolve("iofs"));
    ContainerSpec spec = new ContainerSpec("hearth-test-hello-" + UUID.randomUUID(), image, Map.of("FN_FORMAT", "http-stream"),
        TestDocker.labels(), sockets, 128L << 20, 500, 50, 350, true, 16L << 20, "1000:1000");
    String id = driver.create(spec);
    try {
      driver.start(id);
      ContainerState state = awaitExit(driver, id);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      driver.logs(id, out, err);
      String stdout = out.toString(StandardCharsets.UTF_8);
      System.out.println(stdout);
      assertThat(state.exitCode()).as("exit code; stdout: %s stderr: %s", stdout, err).isZero();
      assertThat(stdout).contains("hello from hearth", "user.name=fn", "tmp-writable=true", "root-writable=false",
          "thread ran", "java.version=" + System.getProperty("java.version"));
      assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("to stderr\n");
    } finally {
      driver.remove(id);
    }
  }

  @Test
  void buildFailureQuotesTheBuilder() {
    ImageBuilder b = TestImages.builder();
    TestDocker.engine();
    FunctionImageSpec spec = FunctionImageSpec.of("hearth-test/missing:1", List.of(tmp.resolve("nope.jar")), "x.Main");
    assertThatThrownBy(() -> b.buildFunctionImage(spec)).isInstanceOf(ImageBuildException.class)
        .hasMessageContaining("nope.jar").hasMessageContaining("neither a jar file nor a directory");
  }

  static ContainerState awaitExit(DockerDriver driver, String id) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    ContainerState s = driver.inspect(id);
    while (s.running() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      s = driver.inspect(id);
    }
    assertThat(s.running()).as("container still running after 30 s").isFalse();
    return s;
  }

  private static void printSize(DockerDriver driver, String image) {
    JsonNode n = driver.engine().tree(driver.engine().call("GET", "/images/" + image + "/json", null));
    System.out.printf("image %s: %.1f MB%n", image, n.path("Size").asLong() / 1e6);
  }
}
