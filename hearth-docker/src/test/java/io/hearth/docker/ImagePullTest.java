package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hearth.core.driver.DriverException.Kind;
import io.hearth.core.driver.DriverException;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ensureImage against a scripted engine: Fn's wording, timeouts, the presence cache. */
class ImagePullTest {
  @TempDir Path tmp;
  static final java.util.Set<String> ANY_REGISTRY = java.util.Set.of("*");
  final ManualClock clock = new ManualClock();

  /**
   * Issue 14 item 6: with no registry allowed (the default) a missing image is not pulled, and a
   * name that is not an image reference never reaches the engine at all.
   */
  @Test
  void pullsOnlyFromAllowedRegistriesAndNeverWithABadName() throws Exception {
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          ex.json(404, "{\"message\":\"No such image\"}");
          return true;
        });
        DockerEngine engine = new DockerEngine(fake.socket());
        DockerDriver local = new DockerDriver(engine, clock);
        DockerDriver hubOnly = new DockerDriver(engine, clock, java.util.Set.of("docker.io"))) {
      assertThatThrownBy(() -> local.ensureImage("localhost:5432/x:1", Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.IMAGE_NOT_FOUND);
            assertThat(e.getMessage()).contains("localhost:5432").contains("HEARTH_IMAGE_REGISTRIES");
          });
      assertThatThrownBy(() -> hubOnly.ensureImage("localhost:5432/x:1", Duration.ofSeconds(5)))
          .hasMessageContaining("not allowed");
      assertThatThrownBy(() -> local.ensureImage("fn/hello:1", Duration.ofSeconds(5)))
          .hasMessageContaining("docker.io");
      assertThat(fake.targets()).noneMatch(t -> t.contains("/images/create"));
      int asked = fake.targets().size();
      for (String bad : new String[] {"/etc/passwd", "a/../../b", "-v", "x/y?z=1"}) {
        assertThatThrownBy(() -> local.ensureImage(bad, Duration.ofSeconds(5)))
            .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.getMessage()).contains("not an image reference"));
        assertThatThrownBy(() -> local.imageExists(bad)).isInstanceOf(DriverException.class);
      }
      assertThat(fake.targets()).as("no bad name reached the engine").hasSize(asked);
    }
  }

  @Test
  void pullErrorInTheStreamIsImageNotFound() throws Exception {
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          if (r.target().contains("/images/create")) {
            ex.chunkedHead(200);
            ex.chunk("{\"status\":\"Pulling from fn/hello\"}\r\n");
            ex.chunk("{\"errorDetail\":{\"message\":\"manifest for fn/hello:9 not found\"},\"error\":\"manifest for fn/hello:9 not found\"}\r\n");
            ex.lastChunk();
          } else {
            ex.json(404, "{\"message\":\"No such image: fn/hello:9\"}");
          }
          return true;
        });
        DockerEngine engine = new DockerEngine(fake.socket());
        DockerDriver driver = new DockerDriver(engine, clock, ANY_REGISTRY)) {
      assertThatThrownBy(() -> driver.ensureImage("fn/hello:9", Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.IMAGE_NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("Failed to pull image 'fn/hello:9': manifest for fn/hello:9 not found");
          });
      assertThat(fake.targets()).contains("POST /v1.41/images/create?fromImage=fn%2Fhello&tag=9");
    }
  }

  @Test
  void pullThatHangsTimesOut() throws Exception {
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          if (r.target().contains("/images/create")) {
            ex.chunkedHead(200);
            ex.chunk("{\"status\":\"Pulling from fn/hello\"}\r\n");
            ex.hang();
          }
          ex.json(404, "{\"message\":\"No such image\"}");
          return true;
        });
        DockerEngine engine = new DockerEngine(fake.socket());
        DockerDriver driver = new DockerDriver(engine, clock, ANY_REGISTRY)) {
      // the pull hangs: only its 300 ms timeout can end it (a generous bound, not a speed test)
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
          () -> driver.ensureImage("fn/hello", Duration.ofMillis(300)))
          .isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.IMAGE_PULL_TIMEOUT);
            assertThat(e.getMessage()).isEqualTo("Image pull timed out");
          }));
    }
  }

  @Test
  void pullThatNeverAnswersTimesOut() throws Exception {
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          if (r.target().contains("/images/create")) {
            ex.hang(); // e.g. stuck resolving the registry before the first byte
          }
          ex.json(404, "{\"message\":\"No such image\"}");
          return true;
        });
        DockerEngine engine = new DockerEngine(fake.socket());
        DockerDriver driver = new DockerDriver(engine, clock, ANY_REGISTRY)) {
      assertThatThrownBy(() -> driver.ensureImage("fn/hello", Duration.ofMillis(300)))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.kind()).isEqualTo(Kind.IMAGE_PULL_TIMEOUT));
    }
  }

  @Test
  void presenceIsCachedBrieflyAndAMissIsNot() throws Exception {
    AtomicBoolean exists = new AtomicBoolean(false);
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          if (r.target().endsWith("/json") && exists.get()) {
            ex.json(200, "{\"Id\":\"sha256:1\"}");
          } else if (r.target().endsWith("/json")) {
            ex.json(404, "{\"message\":\"No such image\"}");
          } else {
            ex.json(500, "{\"message\":\"no registry\"}");
          }
          return true;
        });
        DockerEngine engine = new DockerEngine(fake.socket());
        DockerDriver driver = new DockerDriver(engine, clock, ANY_REGISTRY)) {
      assertThatThrownBy(() -> driver.ensureImage("local/fn:1", Duration.ofSeconds(1)))
          .hasMessage("Failed to pull image 'local/fn:1': no registry");
      exists.set(true); // built meanwhile: seen at once
      driver.ensureImage("local/fn:1", Duration.ofSeconds(1));
      int asked = fake.requests.size();
      clock.advance(Duration.ofSeconds(5));
      driver.ensureImage("local/fn:1", Duration.ofSeconds(1));
      assertThat(fake.requests).hasSize(asked); // cached
      clock.advance(Duration.ofSeconds(6));
      driver.ensureImage("local/fn:1", Duration.ofSeconds(1));
      assertThat(fake.requests).hasSize(asked + 1); // expired: asked again
    }
  }
}
