package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.server.async.AsyncCalls;
import io.hearth.uds.HttpWire;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Detached calls through an lb (issue 13) on a cluster with PostgreSQL: an api node, a runner and
 * an lb as real processes. A detached call's record is in the queue when its 202 arrives (read
 * through the api node) and ends with the runner's answer; calls still running when the lb is
 * killed with SIGKILL end, at the lb's restart, as errors saying the lb restarted — never a 404.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DetachedClusterCrashTest {
  static final int LEFT_RUNNING = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void detachedCallsThroughAnLbAreRecordedBeforeTheir202AndEndAfterItsKill() throws Exception {
    TestDocker.driver();
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    Path logs = Files.createTempDirectory("hearth-detached-cluster-");
    String run = UUID.randomUUID().toString().substring(0, 6);
    try (PostgresTestSchema schema = PostgresTestSchema.create()) {
      Map<String, String> common = new HashMap<>();
      common.put("HEARTH_HOST", "127.0.0.1");
      common.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
      common.put("HEARTH_DB_URL", schema.url());
      common.put("HEARTH_DEMO", "false");
      common.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
      Map<String, String> apiEnv = new HashMap<>(common);
      apiEnv.put("HEARTH_NODE_TYPE", "api");
      apiEnv.put("HEARTH_PORT", "0");
      apiEnv.put("HEARTH_DATA_DIR", logs.resolve("api").toString());
      Map<String, String> runnerEnv = new HashMap<>(common);
      String runnerId = "t" + run + "-dr";
      runnerEnv.put("HEARTH_PORT", "0");
      runnerEnv.put("HEARTH_GRPC_PORT", Integer.toString(NodeProcess.freePort()));
      runnerEnv.put("HEARTH_NODE_ID", runnerId);
      runnerEnv.put("HEARTH_DATA_DIR", logs.resolve(runnerId).toString());
      runnerEnv.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + runnerId);
      runnerEnv.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(1L << 30));
      runnerEnv.put("HEARTH_RUNNER_HEARTBEAT_MSECS", "250");
      Map<String, String> lbEnv = new HashMap<>(common);
      lbEnv.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
      // no HEARTH_NODE_ID: the lb keeps its id in its data dir, so its restart finds what it left
      lbEnv.put("HEARTH_DATA_DIR", logs.resolve("lb").toString());
      lbEnv.put("HEARTH_RUNNER_TTL_MSECS", "1500");
      lbEnv.put("HEARTH_RUNNER_POLL_MSECS", "200");
      try (NodeProcess api = NodeProcess.start("api", List.of(), apiEnv, logs)) {
        String apiUrl = api.awaitRunning(TestCluster.START);
        try (NodeProcess runner = NodeProcess.start("runner", List.of("--role", "runner"), runnerEnv, logs);
            NodeProcess lb = NodeProcess.start("lb", List.of("--role", "lb"), lbEnv, logs)) {
          runner.awaitRunning(TestCluster.START);
          String lbUrl = lb.awaitRunning(TestCluster.START);
          String app = id(send(apiUrl, "POST", "/v2/apps", "{\"name\":\"dcl\"}", null));
          String fn = id(send(apiUrl, "POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"d\",\"image\":\""
              + image + "\",\"memory\":64}", null));
          awaitSync(lbUrl, fn);

          // one that ends while the lb lives: recorded at its 202, then success with the runner's answer
          String quick = detached(lbUrl, fn, "sleep 200");
          JsonNode atAccept = call(apiUrl, fn, quick);
          assertThat(atAccept.path("kind").asText()).as("%s", atAccept).isEqualTo("detached");
          assertThat(atAccept.path("state").asText()).as("%s", atAccept).isIn("running", "success");
          JsonNode ended = awaitFinal(apiUrl, fn, quick);
          assertThat(ended.path("state").asText()).as("%s", ended).isEqualTo("success");

          // these are running when the lb dies
          List<String> running = new ArrayList<>();
          for (int i = 0; i < LEFT_RUNNING; i++) {
            String id = detached(lbUrl, fn, "sleep 15000");
            JsonNode c = call(apiUrl, fn, id);
            assertThat(c.path("state").asText()).as("recorded before its 202: %s", c).isEqualTo("running");
            running.add(id);
          }
          lb.kill();
          lb.restart();
          lb.awaitRunning(TestCluster.START); // it ends what it left before it listens
          for (String id : running) {
            JsonNode c = call(apiUrl, fn, id);
            assertThat(c.path("state").asText()).as("final after the lb's restart: %s", c).isEqualTo("error");
            assertThat(c.path("error").asText()).as("%s", c).isEqualTo(AsyncCalls.LB_RESTARTED);
          }
          System.out.printf("detached-cluster: 1 ended with success, %d cut by the lb's kill and ended as errors%n",
              running.size());
        }
      }
    }
  }

  private String detached(String lbUrl, String fn, String body) throws Exception {
    HttpResponse<String> r = send(lbUrl, "POST", "/invoke/" + fn, body, "detached");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return r.headers().firstValue("Fn-Call-Id").orElseThrow();
  }

  private JsonNode call(String apiUrl, String fn, String id) throws Exception {
    HttpResponse<String> r = send(apiUrl, "GET", "/v2/fns/" + fn + "/calls/" + id, null, null);
    assertThat(r.statusCode()).as("call %s: %s", id, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode awaitFinal(String apiUrl, String fn, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode c = call(apiUrl, fn, id);
    while (c.path("state").asText().equals("running") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      c = call(apiUrl, fn, id);
    }
    return c;
  }

  private void awaitSync(String lbUrl, String fn) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline
        && (status = send(lbUrl, "POST", "/invoke/" + fn, "echo\nready", null).statusCode()) != 200) {
      Thread.sleep(250);
    }
    assertThat(status).as("a call through the lb").isEqualTo(200);
  }

  private static String id(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("id").asText();
  }

  private HttpResponse<String> send(String base, String method, String path, String body, String invokeType)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (invokeType != null) {
      b.header("Fn-Invoke-Type", invokeType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
