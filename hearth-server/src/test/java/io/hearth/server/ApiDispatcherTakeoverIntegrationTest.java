package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two api nodes and one runner that declares no class, as real processes on a fresh PostgreSQL
 * schema and the real engine, without a types file: the runner is a class of its own capacity
 * ({@code runner.<node id>}); one api node holds the dispatcher lock and starts a job; killed -9
 * while the job runs, the other api node takes the lock, re-adopts the running attempt under its
 * own name (its log says so: a completed job keeps no locker) and records it complete as the same
 * attempt; a job submitted afterwards runs too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApiDispatcherTakeoverIntegrationTest {
  static final Duration START = Duration.ofSeconds(90);
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  final List<NodeProcess> nodes = new ArrayList<>();
  PostgresTestSchema schema;
  Path logs;

  @AfterEach
  void stopEverything() throws Exception {
    for (NodeProcess p : nodes) {
      p.kill();
    }
    if (schema != null) {
      schema.close();
    }
    for (String id : TestDocker.driver().list(Map.of(TestDocker.RUN_LABEL, TestDocker.RUN_ID))) {
      TestDocker.driver().remove(id);
    }
    System.out.println("takeover test logs: " + logs);
  }

  @Test
  void theOtherApiNodeTakesOverTheDispatcherAndTheRunningJobCompletesAsTheSameAttempt() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    schema = PostgresTestSchema.create(); // skips when PostgreSQL does not answer
    logs = Files.createTempDirectory("hearth-api-takeover-");
    String run = UUID.randomUUID().toString().substring(0, 6);
    Map<String, String> common = new HashMap<>();
    common.put("HEARTH_HOST", "127.0.0.1");
    common.put("HEARTH_DB_URL", schema.url());
    common.put("HEARTH_DEMO", "false");
    common.put("HEARTH_LOG_LEVEL", "info"); // the takeover is read from the nodes' INFO lines
    Map<String, String> urls = new HashMap<>();
    for (String name : List.of("api-a", "api-b")) {
      Map<String, String> env = new HashMap<>(common);
      env.put("HEARTH_NODE_TYPE", "api");
      env.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
      env.put("HEARTH_DATA_DIR", logs.resolve(name).toString());
      env.put("HEARTH_NODE_ID", name);
      env.put("HEARTH_JOB_MAX_OUTPUT_BYTES", Integer.toString(1 << 20));
      NodeProcess p = start(name, List.of(), env);
      urls.put(name, p.awaitRunning(START)); // one at a time: the first migrates the schema
    }
    String runnerId = "t" + run + "-r0";
    Map<String, String> env = new HashMap<>(common);
    env.put("HEARTH_PORT", "0");
    env.put("HEARTH_GRPC_PORT", Integer.toString(NodeProcess.freePort()));
    env.put("HEARTH_NODE_ID", runnerId);
    env.put("HEARTH_DATA_DIR", logs.resolve(runnerId).toString());
    env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(256L << 20));
    env.put("HEARTH_MAX_DISK_BYTES", Long.toString(1L << 30));
    env.put("HEARTH_RUNNER_HEARTBEAT_MSECS", "250");
    env.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
    env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + runnerId);
    env.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(",")));
    start("runner", List.of("--role", "runner"), env).awaitRunning(START);

    String image = TestImages.busybox();
    String job = json(urls.get("api-a"), "POST", "/v2/jobs", "{\"image\":\"" + image + "\",\"command\":[\"sh\",\"-c\","
        + "\"echo started; sleep 6; echo 42 > /out/answer.txt\"],\"constraints\":{\"vcpus\":1,\"ram_bytes\":"
        + (32L << 20) + "}}", 201).get("id").asText();
    JsonNode running = await(urls.get("api-a"), job, "running");
    assertThat(running.get("instance_type").asText()).as("a runner that declares no class").isEqualTo("runner." + runnerId);
    String holder = running.get("locked_by").asText();
    String killed = holder.substring(DispatcherNames.PREFIX.length());
    String other = killed.equals("api-a") ? "api-b" : "api-a";
    nodes.stream().filter(n -> n.name.equals(killed)).findFirst().orElseThrow().kill();
    System.out.println("takeover: killed " + killed + " (the dispatcher) -9 at " + java.time.Instant.now());

    JsonNode done = await(urls.get(other), job, "complete");
    assertThat(done.get("exit_code").asInt()).isZero();
    assertThat(done.get("attempt").asInt()).as("re-adopted, not run again").isEqualTo(1);
    assertThat(Files.readString(logs.resolve(other + ".err"))).as("its log")
        .contains("dispatcher " + DispatcherNames.PREFIX + other + " holds the dispatcher lock")
        .contains("dispatcher " + DispatcherNames.PREFIX + other + ": recovered 1 running attempt(s)");
    JsonNode attempts = json(urls.get(other), "GET", "/v2/jobs/" + job + "/attempts", null, 200).get("items");
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).get("state").asText()).isEqualTo("complete");

    String next = json(urls.get(other), "POST", "/v2/jobs", "{\"image\":\"" + image + "\",\"command\":[\"true\"],"
        + "\"constraints\":{\"vcpus\":1,\"ram_bytes\":" + (16L << 20) + "}}", 201).get("id").asText();
    assertThat(await(urls.get(other), next, "complete").get("exit_code").asInt()).isZero();
  }

  /** The dispatcher names' prefix, as {@code DispatcherSettings} has it. */
  static final class DispatcherNames {
    static final String PREFIX = io.hearth.server.jobs.dispatch.DispatcherSettings.NAME_PREFIX;
  }

  private NodeProcess start(String name, List<String> args, Map<String, String> env) throws Exception {
    NodeProcess p = NodeProcess.start(name, args, env, logs);
    nodes.add(p);
    return p;
  }

  private JsonNode await(String url, String id, String state) throws Exception {
    long until = System.nanoTime() + PATIENCE.toNanos();
    JsonNode j;
    do {
      j = json(url, "GET", "/v2/jobs/" + id, null, 200);
      if (j.get("state").asText().equals(state)) {
        return j;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < until);
    throw new AssertionError("job " + id + " is not " + state + " after " + PATIENCE + ": " + j + " (logs " + logs + ")");
  }

  private static JsonNode json(String url, String method, String path, String body, int status) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return TestServer.JSON.readTree(r.body());
  }
}
