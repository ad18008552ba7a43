package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Async calls on a cluster with PostgreSQL (issue 13): an api node, a runner and an lb as real
 * processes. The lb accepts {@value #CALLS} async calls and its workers place them on the runner;
 * the lb is killed with SIGKILL while they run and restarted (same node id); every accepted call
 * reaches a final state (read through the api node), having run at least once, failing only once
 * out of attempts; the states and the calls started twice are printed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AsyncClusterCrashTest {
  static final int CALLS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GAUGE = Pattern.compile("^hearth_async_(queued|running)\\{[^}]*\\} (\\S+)$",
      Pattern.MULTILINE);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void asyncCallsThroughAnLbSurviveItsKill() throws Exception {
    TestDocker.driver();
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    Path logs = Files.createTempDirectory("hearth-async-cluster-");
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
      String runnerId = "t" + run + "-ar";
      runnerEnv.put("HEARTH_PORT", "0");
      runnerEnv.put("HEARTH_GRPC_PORT", Integer.toString(NodeProcess.freePort()));
      runnerEnv.put("HEARTH_NODE_ID", runnerId);
      runnerEnv.put("HEARTH_DATA_DIR", logs.resolve(runnerId).toString());
      runnerEnv.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + runnerId);
      runnerEnv.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(1L << 30));
      runnerEnv.put("HEARTH_RUNNER_HEARTBEAT_MSECS", "250");
      Map<String, String> lbEnv = new HashMap<>(common);
      lbEnv.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
      lbEnv.put("HEARTH_NODE_ID", "t" + run + "-alb");
      lbEnv.put("HEARTH_DATA_DIR", logs.resolve("lb").toString());
      lbEnv.put("HEARTH_RUNNER_TTL_MSECS", "1500");
      lbEnv.put("HEARTH_RUNNER_POLL_MSECS", "200");
      lbEnv.put("HEARTH_ASYNC_WORKERS", "4");
      try (NodeProcess api = NodeProcess.start("api", List.of(), apiEnv, logs)) {
        String apiUrl = api.awaitRunning(TestCluster.START);
        try (NodeProcess runner = NodeProcess.start("runner", List.of("--role", "runner"), runnerEnv, logs);
            NodeProcess lb = NodeProcess.start("lb", List.of("--role", "lb"), lbEnv, logs)) {
          runner.awaitRunning(TestCluster.START);
          String lbUrl = lb.awaitRunning(TestCluster.START);
          String app = id(send(apiUrl, "POST", "/v2/apps", "{\"name\":\"acl\"}", null));
          String fn = id(send(apiUrl, "POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"w\",\"image\":\""
              + image + "\",\"memory\":64}", null));
          awaitSync(lbUrl, fn); // the lb sees the runner and the function

          List<String> accepted = new ArrayList<>();
          for (int i = 0; i < CALLS; i++) {
            HttpResponse<String> r = send(lbUrl, "POST", "/invoke/" + fn, "sleep 20", "async");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            accepted.add(r.headers().firstValue("Fn-Call-Id").orElseThrow());
          }
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (open(lbUrl) > CALLS * 3 / 4 && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
          lb.kill(); // SIGKILL of the lb while its workers place calls
          lb.restart();
          lbUrl = lb.awaitRunning(TestCluster.START);
          deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
          while (open(lbUrl) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
          }
          Map<String, Integer> states = new TreeMap<>();
          Map<Integer, Integer> attempts = new TreeMap<>();
          for (String call : accepted) {
            JsonNode c = JSON.readTree(send(apiUrl, "GET", "/v2/fns/" + fn + "/calls/" + call, null, null).body());
            states.merge(c.path("state").asText(), 1, Integer::sum);
            attempts.merge(c.path("attempts").asInt(), 1, Integer::sum);
            assertThat(c.path("state").asText()).as("call %s: %s", call, c).isIn("success", "error", "timeout");
            assertThat(c.path("attempts").asInt()).as("ran at least once: %s", c).isGreaterThanOrEqualTo(1);
            if (!c.path("state").asText().equals("success")) { // only a call out of attempts may fail
              assertThat(c.path("attempts").asInt()).as("failed with attempts left: %s", c)
                  .isEqualTo(c.path("max_attempts").asInt());
            }
          }
          System.out.printf("async-cluster: %d accepted through the lb, states %s, attempts %s%n", accepted.size(),
              states, attempts);
          assertThat(states.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CALLS);
        }
      }
    }
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

  private long open(String base) throws Exception {
    Matcher m = GAUGE.matcher(send(base, "GET", "/metrics", null, null).body());
    double n = 0;
    while (m.find()) {
      n += Double.parseDouble(m.group(2));
    }
    return (long) n;
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
