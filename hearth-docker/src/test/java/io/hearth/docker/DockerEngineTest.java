package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hearth.core.driver.DriverException.Kind;
import io.hearth.core.driver.DriverException;
import io.hearth.testkit.time.ManualClock;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine client against a scripted fake: unavailability, negotiation, errors, the watchdog. */
class DockerEngineTest {
  @TempDir Path tmp;

  @Test
  void missingSocketSaysHowToStartTheEngine() {
    try (DockerEngine engine = new DockerEngine(tmp.resolve("nothing.sock"))) {
      assertThatThrownBy(() -> engine.call("GET", "/containers/json", null))
          .isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.ENGINE_UNAVAILABLE);
            assertThat(e.getMessage()).contains("Docker Engine does not answer on " + tmp.resolve("nothing.sock"))
                .contains("start it (scripts/docker-engine.sh)");
          });
    }
  }

  @Test
  void refusedConnectionIsUnavailableToo() throws Exception {
    Path sock = tmp.resolve("dead.sock");
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(sock));
    s.close(); // the socket file stays, nobody listens: connection refused
    try (DockerEngine engine = new DockerEngine(sock)) {
      assertThatThrownBy(engine::ping).isInstanceOfSatisfying(DriverException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.ENGINE_UNAVAILABLE));
    }
  }

  @Test
  void speaksTheOlderOfTheEnginesVersionAndOurs() throws Exception {
    FakeEngine.Handler ok = (r, ex) -> {
      ex.json(200, "[]");
      return true;
    };
    try (FakeEngine newer = new FakeEngine(tmp, ok).apiVersion("1.47");
        DockerEngine engine = new DockerEngine(newer.socket())) {
      engine.call("GET", "/containers/json", null);
      assertThat(engine.apiVersion()).isEqualTo("1.43");
      assertThat(newer.targets()).containsExactly("GET /_ping", "GET /v1.43/containers/json");
    }
    Path other = tmp.resolve("o");
    java.nio.file.Files.createDirectory(other);
    try (FakeEngine older = new FakeEngine(other, ok).apiVersion("1.9");
        DockerEngine engine = new DockerEngine(older.socket())) {
      engine.call("GET", "/containers/json", null);
      engine.call("GET", "/containers/json", null);
      assertThat(older.targets()).containsExactly("GET /_ping", "GET /v1.9/containers/json", "GET /v1.9/containers/json");
    }
  }

  @Test
  void refusalQuotesTheEngine() throws Exception {
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          ex.json(409, "{\"message\":\"Conflict. The container name \\\"/x\\\" is already in use\"}");
          return true;
        });
        DockerEngine engine = new DockerEngine(fake.socket());
        DockerDriver driver = new DockerDriver(engine, io.hearth.core.time.Clock.system())) {
      assertThatThrownBy(() -> driver.start("x")).isInstanceOfSatisfying(DriverException.class, e -> {
        assertThat(e.kind()).isEqualTo(Kind.FAILED);
        assertThat(e.getMessage()).isEqualTo(
            "Docker Engine could not start container x: Conflict. The container name \"/x\" is already in use (HTTP 409)");
      });
    }
  }

  @Test
  void watchdogEndsAHungCall() throws Exception {
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          ex.hang();
          return false;
        });
        DockerEngine engine = new DockerEngine(fake.socket(), Duration.ofMillis(200))) {
      // the fake engine never answers: only the watchdog can end the call (a generous bound, not a speed test)
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
          () -> engine.call("GET", "/containers/x/json", null))
          .isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.ENGINE_UNAVAILABLE);
            assertThat(DockerEngine.isTimeout(e)).isTrue();
            assertThat(e.getMessage()).startsWith("Docker Engine did not answer GET /v1.41/containers/x/json within 200 ms");
          }));
    }
  }

  @Test
  void theWatchdogRunsOnTheSchedulerItIsGiven() throws Exception {
    ManualClock clock = new ManualClock();
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          if (r.target().endsWith("/containers/json")) {
            ex.json(200, "[]");
            return true;
          }
          ex.hang();
          return false;
        });
        DockerEngine engine = new DockerEngine(fake.socket(), Duration.ofMillis(200), clock)) {
      assertThat(engine.call("GET", "/containers/json", null).status()).isEqualTo(200); // negotiated, timers disarmed
      assertThat(clock.pending()).isZero();
      FutureTask<DockerEngine.Reply> hung = new FutureTask<>(() -> engine.call("GET", "/containers/x/json", null));
      Thread.ofVirtual().start(hung);
      clock.awaitPending(1, Duration.ofSeconds(30)); // its timer is armed
      assertThat(hung.isDone()).isFalse(); // no real time ends it: only the scheduler's
      clock.advance(Duration.ofMillis(200));
      assertThatThrownBy(() -> hung.get(30, TimeUnit.SECONDS)) // a generous bound, not a speed test
          .cause().isInstanceOfSatisfying(DriverException.class, e -> assertThat(DockerEngine.isTimeout(e)).isTrue());
    }
  }

  @Test
  void keptAliveConnectionClosedByTheEngineIsReplaced() throws Exception {
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          ex.json(200, "[]");
          return false; // closes after each answer, without saying so
        });
        DockerEngine engine = new DockerEngine(fake.socket())) {
      for (int i = 0; i < 5; i++) {
        assertThat(engine.call("GET", "/containers/json", null).status()).isEqualTo(200);
      }
    }
  }
}
