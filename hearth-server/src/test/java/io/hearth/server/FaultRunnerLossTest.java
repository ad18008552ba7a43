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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault suite, case (c): a runner lost under load in a cluster of real processes (an api node,
 * two runners, an lb placing by consistent hash, on a fresh PostgreSQL schema). Four clients call
 * four functions through the lb; one runner is killed with SIGKILL. Promised: every request is
 * answered by the lb (it stays up), none hangs, none answers 500; a call the dead runner held ends
 * with a 502 that says the runner went away; once the lb has seen the runner gone, every call
 * succeeds on the other runner.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FaultRunnerLossTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START = Duration.ofSeconds(120);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aRunnerLostUnderLoadLeavesNoCallHangingAndNo500() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    Path logs = Files.createTempDirectory("hearth-fault-runner-");
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<NodeProcess> nodes = new ArrayList<>();
    PostgresTestSchema schema = PostgresTestSchema.create(); // skips when PostgreSQL does not answer
    try {
      Map<String, String> common = new HashMap<>();
      common.put("HEARTH_HOST", "127.0.0.1");
      common.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
      common.put("HEARTH_DB_URL", schema.url());
      common.put("HEARTH_DEMO", "false");
      common.put("HEARTH_FN_CACHE_MSECS", "200");
      common.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
      Map<String, String> apiEnv = new HashMap<>(common);
      apiEnv.put("HEARTH_NODE_TYPE", "api");
      apiEnv.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
      apiEnv.put("HEARTH_DATA_DIR", logs.resolve("api").toString());
      NodeProcess api = NodeProcess.start("api", List.of(), apiEnv, logs);
      nodes.add(api);
      String apiUrl = api.awaitRunning(START); // the schema is migrated before the others start
      List<NodeProcess> runners = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String id = "t" + run + "-fr" + i;
        Map<String, String> env = new HashMap<>(common);
        env.put("HEARTH_PORT", "0");
        env.put("HEARTH_GRPC_PORT", Integer.toString(NodeProcess.freePort()));
        env.put("HEARTH_NODE_ID", id);
        env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
        env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
        env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(512L << 20));
        env.put("HEARTH_RUNNER_HEARTBEAT_MSECS", "250");
        runners.add(NodeProcess.start("runner" + i, List.of("--role", "runner"), env, logs));
      }
      nodes.addAll(runners);
      Map<String, String> lbEnv = new HashMap<>(common);
      lbEnv.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
      lbEnv.put("HEARTH_RUNNER_TTL_MSECS", "1500");
      lbEnv.put("HEARTH_RUNNER_POLL_MSECS", "200");
      lbEnv.put("HEARTH_PLACER_TIMEOUT_MSECS", "15000");
      lbEnv.put("HEARTH_PLACER", "ch");
      lbEnv.put("HEARTH_DATA_DIR", logs.resolve("lb").toString());
      NodeProcess lb = NodeProcess.start("lb", List.of("--role=lb"), lbEnv, logs);
      nodes.add(lb);
      for (NodeProcess r : runners) {
        r.awaitRunning(START);
      }
      String lbUrl = lb.awaitRunning(START);
      awaitAvailable(lbUrl, 2);

      String app = id(send(apiUrl + "/v2/apps", "POST", "{\"name\":\"fr\"}"));
      List<String> fns = new ArrayList<>();
      for (int f = 0; f < 4; f++) {
        String fn = id(send(apiUrl + "/v2/fns", "POST", "{\"app_id\":\"" + app + "\",\"name\":\"f" + f
            + "\",\"image\":\"" + image + "\",\"memory\":64}"));
        fns.add(fn);
        assertThat(send(lbUrl + "/invoke/" + fn, "POST", "sleep 1").statusCode()).isEqualTo(200);
      }

      long killedAt;
      FaultLoad load = FaultLoad.start("runner-loss", 4, 2000, Duration.ofSeconds(40), Duration.ofMillis(20),
          (client, seq) -> FaultLoad.post(lbUrl + "/invoke/" + fns.get((client + seq) % fns.size()), "sleep 200",
              Map.of()));
      try {
        FaultNodeKillTest.awaitCount(load, 200, 20, Duration.ofSeconds(30));
        runners.get(0).kill(); // SIGKILL under load
        killedAt = load.nowMs();
        awaitAvailable(lbUrl, 1);
        FaultNodeKillTest.awaitCount(load, 200, load.count(200) + 40, Duration.ofSeconds(20));
      } finally {
        assertThat(load.awaitEnd()).as("every client ended: no request hangs").isTrue();
        System.out.println(load.report());
      }
      assertThat(load.lost.get() + load.cut.get() + load.refused.get()).as("requests without an answer").isZero();
      assertThat(load.byStatus().keySet()).isSubsetOf(Set.of(200, 502, 503));
      assertThat(load.answers.stream().filter(a -> a.status() == 502))
          .allSatisfy(a -> assertThat(a.body()).contains("went away"));
      // the lb drops a runner 1.5 s after its last heartbeat; calls placed well after that succeed
      assertThat(load.answers.stream().filter(a -> a.startedMs() > killedAt + 5000 && a.status() != 200))
          .as("calls started well after the kill").isEmpty();
      for (String fn : fns) { // recovered: every function answers on the runner left
        HttpResponse<String> r = send(lbUrl + "/invoke/" + fn, "POST", "echo\nafter");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("after");
      }
    } finally {
      List<Thread> stops = new ArrayList<>();
      for (NodeProcess p : nodes) {
        stops.add(Thread.ofVirtual().start(() -> {
          try {
            p.close();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      for (Thread t : stops) {
        t.join(Duration.ofSeconds(40));
      }
      schema.close(); // after the nodes: they use it to the end
    }
  }

  /** Waits (bounded) until the lb offers calls to exactly {@code n} runners. */
  private void awaitAvailable(String lbUrl, int n) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int available = -1;
    while (System.nanoTime() < until) {
      available = 0;
      for (JsonNode r : JSON.readTree(send(lbUrl + "/v2/runners", "GET", null).body()).path("runners")) {
        available += r.path("available").asBoolean() ? 1 : 0;
      }
      if (available == n) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the lb offers " + available + " runners, not " + n);
  }

  private static String id(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("id").asText();
  }

  private HttpResponse<String> send(String url, String method, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
