package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.DriverException;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.docker.testing.fn.TickMain;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerDriver#followOutput} against the real engine, with a container that ticks. */
class OutputFollowerIntegrationTest {
  static String image;
  static DockerDriver driver;
  @TempDir Path tmp;
  final List<String> created = new ArrayList<>();

  @BeforeAll
  static void image() {
    driver = TestDocker.driver();
    image = TestImages.functionImage("tick", TickMain.class.getName(), TickMain.class);
  }

  @AfterEach
  void removeContainers() {
    created.forEach(driver::remove);
  }

  String create(Map<String, String> env) {
    Path dir = TestDocker.socketDir(tmp.resolve("s" + created.size()));
    String id = driver.create(new ContainerSpec("hearth-test-output-" + UUID.randomUUID(), image, env,
        TestDocker.labels(), dir, 128L << 20, 0, 50, 350, true, 0, "1000:1000"));
    created.add(id);
    return id;
  }

  /** Collects both streams and the end. */
  static final class Collector implements OutputListener {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CompletableFuture<Exception> end = new CompletableFuture<>();

    @Override
    public synchronized void output(int stream, byte[] buffer, int offset, int length) {
      (stream == LogFrames.STDERR ? err : out).write(buffer, offset, length);
    }

    @Override
    public void ended(Exception failure) {
      end.complete(failure);
    }

    synchronized String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    synchronized String err() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void followsFromTheFirstLineUntilTheContainerExits() throws Exception {
    String id = create(Map.of("TICK_MS", "20", "TICK_COUNT", "6"));
    Collector c = new Collector();
    OutputFollower f = driver.followOutput(id, c);
    driver.start(id);
    assertThat(c.end.get(30, TimeUnit.SECONDS)).as("a clean end").isNull();
    assertThat(f.awaitEnd(Duration.ofSeconds(5))).as("the follower ends right after telling its listener").isTrue();
    assertThat(f.hasEnded()).isTrue();
    assertThat(c.out().lines().toList()).hasSize(7).first().isEqualTo("start");
    assertThat(c.out().lines().skip(1).map(l -> l.split(" ")[0] + " " + l.split(" ")[1]).toList())
        .containsExactly("tick 0", "tick 1", "tick 2", "tick 3", "tick 4", "tick 5");
    assertThat(c.err()).isEqualTo("start-err\nerr 2\nerr 5\n");
    assertThat(f.delivered()).isEqualTo(c.out.size() + c.err.size());
  }

  @Test
  void closingStopsFollowingButNotTheContainer() throws Exception {
    String id = create(Map.of("TICK_MS", "50"));
    Collector c = new Collector();
    OutputFollower f = driver.followOutput(id, c);
    driver.start(id);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!c.out().contains("tick 1") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(c.out()).startsWith("start\ntick 0 ").contains("tick 1 ");
    f.close();
    f.close(); // idempotent
    assertThat(c.end.get(5, TimeUnit.SECONDS)).as("closing is not a failure").isNull();
    assertThat(f.awaitEnd(Duration.ofSeconds(1))).isTrue();
    assertThat(driver.inspect(id).running()).isTrue();
    int seen = c.out().length();
    Thread.sleep(200);
    assertThat(c.out()).hasSize(seen);
  }

  @Test
  void aFollowerOnAContainerThatNeverStartsEndsWhenItIsRemoved() throws Exception {
    String id = create(Map.of());
    Collector c = new Collector();
    driver.followOutput(id, c);
    driver.remove(id);
    assertThat(c.end.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(c.out()).isEmpty();
  }

  @Test
  void attachingToAMissingContainerSaysSo() {
    assertThatThrownBy(() -> driver.followOutput("hearth-test-no-such-" + UUID.randomUUID(), new Collector()))
        .isInstanceOfSatisfying(DriverException.class,
            e -> assertThat(e.kind()).isEqualTo(DriverException.Kind.NO_SUCH_CONTAINER));
  }
}
