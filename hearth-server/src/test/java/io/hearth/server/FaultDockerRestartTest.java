package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault suite, case (d): the Docker Engine restarts under load. The engine is a private dockerd
 * this test starts itself ({@link PrivateDockerd}: its own socket, data root, exec root and pid
 * file), never the machine's shared one; the test image is copied into it. An all-in-one node (a
 * real process) uses it; four clients call a function while the engine is stopped (its containers
 * with it) and started again. Promised: every request is answered (the node stays up), none hangs,
 * none answers 500; after the engine is back every call succeeds.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FaultDockerRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void anEngineRestartUnderLoadLeavesNoCallHangingAndNo500() throws Exception {
    TestDocker.driver(); // skips when the machine's engine (the image's source) does not answer
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    PrivateDockerd.Started started = PrivateDockerd.start();
    Assumptions.assumeTrue(started.engine() != null, () -> "no private Docker Engine: " + started.whyNot());
    try (PrivateDockerd engine = started.engine()) {
      engine.loadFrom(TestDocker.SOCKET, image);
      Path logs = Files.createTempDirectory("hearth-fault-docker-");
      String id = "t" + UUID.randomUUID().toString().substring(0, 6) + "-fd";
      Map<String, String> env = new HashMap<>();
      env.put("HEARTH_HOST", "127.0.0.1");
      env.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
      env.put("HEARTH_DOCKER_SOCKET", engine.socket().toString());
      env.put("HEARTH_NODE_ID", id);
      env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
      env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
      env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(512L << 20));
      try (NodeProcess node = NodeProcess.start("fault-docker", List.of(), env, logs)) {
        String base = node.awaitRunning(Duration.ofSeconds(90));
        String app = id(send(base, "POST", "/v2/apps", "{\"name\":\"fd\"}"));
        String fn = id(send(base, "POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"work\",\"image\":\""
            + image + "\",\"memory\":64,\"timeout\":20}"));
        assertThat(send(base, "POST", "/invoke/" + fn, "sleep 1").statusCode()).isEqualTo(200);

        long backAt;
        FaultLoad load = FaultLoad.start("docker-restart", 4, 2000, Duration.ofSeconds(60), Duration.ofMillis(20),
            (client, seq) -> FaultLoad.post(base + "/invoke/" + fn, "sleep 50", Map.of()));
        try {
          FaultNodeKillTest.awaitCount(load, 200, 20, Duration.ofSeconds(20));
          engine.stop(); // SIGTERM: the engine stops its containers and goes away
          Thread.sleep(2000); // the engine stays away: the length of the outage is what is tested
          assertThat(engine.restart()).as("the private engine comes back: %s", engine.logTail()).isTrue();
          backAt = load.nowMs();
          FaultNodeKillTest.awaitCount(load, 200, load.count(200) + 40, Duration.ofSeconds(30));
        } finally {
          assertThat(load.awaitEnd()).as("every client ended: no request hangs").isTrue();
          System.out.println(load.report());
        }
        assertThat(node.isAlive()).as("the node outlives its engine's restart").isTrue();
        assertThat(load.lost.get() + load.cut.get() + load.refused.get()).as("requests without an answer").isZero();
        assertThat(load.byStatus()).as("answers by status").doesNotContainKey(500);
        assertThat(load.causes.keySet()).as("a start the engine's outage cut short is the engine's failure (503), "
            + "not the function's init").noneMatch(cause -> cause.contains("Container failed to initialize"));
        assertThat(load.answers.stream().filter(a -> a.startedMs() > backAt + 5000 && a.status() != 200))
            .as("calls started well after the engine is back").isEmpty();
        for (int i = 0; i < 10; i++) { // recovered: every call succeeds
          HttpResponse<String> r = send(base, "POST", "/invoke/" + fn, "echo\nafter " + i);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          assertThat(r.body()).isEqualTo("after " + i);
        }
      } // the node stops gracefully and removes its containers before the engine goes
    }
  }

  private static String id(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("id").asText();
  }

  private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
