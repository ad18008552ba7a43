package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.docker.testing.TestDocker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, point 1: on the embedded store a write answered 200 survives a kill -9 of the node
 * right after the answer. An all-in-one node runs as a real process; each round creates apps,
 * kills the node with SIGKILL as soon as the last 200 is read, restarts it on the same data
 * directory and port, and finds every app it was told about.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DurableWritesKillTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void appsAnswered200SurviveKillMinus9() throws Exception {
    TestDocker.driver(); // skips when no engine answers: an all-in-one node needs one
    Path logs = Files.createTempDirectory("hearth-durable-");
    String id = "t" + UUID.randomUUID().toString().substring(0, 6) + "-dur";
    int port = NodeProcess.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_HOST", "127.0.0.1");
    env.put("HEARTH_PORT", Integer.toString(port));
    env.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
    env.put("HEARTH_NODE_ID", id);
    env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
    env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
    env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(256L << 20));
    // -Dhearth.durable.baseline=true opens the same file without WRITE_DELAY=0, to see the loss it prevents
    if (Boolean.getBoolean("hearth.durable.baseline")) {
      env.put("HEARTH_DB_URL", "jdbc:h2:file:" + logs.resolve(id).resolve("hearth") + ";AUTO_SERVER=FALSE");
    }
    List<String> created = new ArrayList<>();
    try (NodeProcess node = NodeProcess.start("durable", List.of(), env, logs)) {
      String base = node.awaitRunning(Duration.ofSeconds(90));
      for (int round = 0; round < 3; round++) {
        int n = round == 0 ? 1 : 5; // a lone write, then a burst whose last answer is followed by the kill
        for (int i = 0; i < n; i++) {
          String name = "app-" + round + "-" + i;
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/apps"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          created.add(name);
        }
        node.kill(); // SIGKILL at once after the last 200
        node.restart();
        base = node.awaitRunning(Duration.ofSeconds(90));
        for (String name : created) {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/apps?name=" + name))
              .GET().build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.body()).as("app %s, answered 200 before the kill of round %d", name, round)
              .contains("\"name\":\"" + name + "\"");
        }
      }
    }
  }
}
