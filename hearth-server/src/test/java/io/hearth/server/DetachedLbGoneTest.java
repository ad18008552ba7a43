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
 * Detached calls of an lb that dies and never comes back (issue 13): an api node, a runner and two
 * lbs as real processes on PostgreSQL, the owner lease shortened to 3 s (HEARTH_ASYNC_LEASE_MSECS).
 * Calls placed through lb1 are running when lb1 is killed with SIGKILL and not restarted; lb2,
 * renewing nothing of them, ends them as errors saying the lb went away once their lease has
 * expired — they do not stay running for ever. A call of lb2 running meanwhile is renewed by lb2
 * and not touched.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DetachedLbGoneTest {
  static final int LEFT_RUNNING = 3;
  static final String LEASE_MSECS = "3000";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void detachedCallsOfAnLbKilledAndNotRestartedEndAsErrorsOnTheOtherLb() throws Exception {
    TestDocker.driver();
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    Path logs = Files.createTempDirectory("hearth-detached-lb-gone-");
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
      String runnerId = "t" + run + "-gr";
      runnerEnv.put("HEARTH_PORT", "0");
      runnerEnv.put("HEARTH_GRPC_PORT", Integer.toString(NodeProcess.freePort()));
      runnerEnv.put("HEARTH_NODE_ID", runnerId);
      runnerEnv.put("HEARTH_DATA_DIR", logs.resolve(runnerId).toString());
      runnerEnv.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + runnerId);
      runnerEnv.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(1L << 30));
      runnerEnv.put("HEARTH_RUNNER_HEARTBEAT_MSECS", "250");
      try (NodeProcess api = NodeProcess.start("api", List.of(), apiEnv, logs)) {
        String apiUrl = api.awaitRunning(TestCluster.START);
        try (NodeProcess runner = NodeProcess.start("runner", List.of("--role", "runner"), runnerEnv, logs);
            NodeProcess lb1 = NodeProcess.start("lb1", List.of("--role", "lb"), lbEnv(common, logs, "lb1"), logs);
            NodeProcess lb2 = NodeProcess.start("lb2", List.of("--role", "lb"), lbEnv(common, logs, "lb2"), logs)) {
          runner.awaitRunning(TestCluster.START);
          String lb1Url = lb1.awaitRunning(TestCluster.START);
          String lb2Url = lb2.awaitRunning(TestCluster.START);
          String app = id(send(apiUrl, "POST", "/v2/apps", "{\"name\":\"dgone\"}", null));
          String fn = id(send(apiUrl, "POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"d\",\"image\":\""
              + image + "\",\"memory\":64,\"timeout\":120}", null));
          awaitSync(lb1Url, fn);
          awaitSync(lb2Url, fn);

          List<String> orphans = new ArrayList<>();
          for (int i = 0; i < LEFT_RUNNING; i++) {
            orphans.add(detached(lb1Url, fn, "sleep 40000"));
          }
          String kept = detached(lb2Url, fn, "sleep 25000");
          Thread.sleep(2L * Long.parseLong(LEASE_MSECS)); // lb1 alive: its renewals keep them running
          for (String id : orphans) {
            assertThat(call(apiUrl, fn, id).path("state").asText()).as("renewed by the live lb1").isEqualTo("running");
          }
          long killedAt = System.nanoTime();
          lb1.kill(); // and not restarted
          for (String id : orphans) {
            JsonNode c = awaitFinal(apiUrl, fn, id);
            assertThat(c.path("state").asText()).as("ended by lb2: %s", c).isEqualTo("error");
            assertThat(c.path("error").asText()).as("%s", c).isEqualTo(AsyncCalls.LB_GONE);
          }
          double seconds = (System.nanoTime() - killedAt) / 1e9;
          assertThat(call(apiUrl, fn, kept).path("state").asText()).as("lb2's own call, renewed by lb2")
              .isIn("running", "success");
          System.out.printf("detached-lb-gone: %d calls of the killed lb ended as errors by the other lb %.1f s after"
              + " the kill (lease %s ms)%n", orphans.size(), seconds, LEASE_MSECS);
        }
      }
    }
  }

  private static Map<String, String> lbEnv(Map<String, String> common, Path logs, String name) throws Exception {
    Map<String, String> env = new HashMap<>(common);
    env.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
    env.put("HEARTH_DATA_DIR", logs.resolve(name).toString());
    env.put("HEARTH_RUNNER_TTL_MSECS", "1500");
    env.put("HEARTH_RUNNER_POLL_MSECS", "200");
    env.put("HEARTH_ASYNC_LEASE_MSECS", LEASE_MSECS);
    return env;
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
