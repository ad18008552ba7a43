package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leases across a cluster of real processes on 127.0.0.1 sharing a fresh PostgreSQL schema: an api
 * node and three runners, the third killed (SIGKILL) after it registered, so that its registration
 * is still fresh but nothing answers at its address. Through the api node: offers from the two live
 * runners with the third named unreachable; an alloc created on a chosen runner by its offer id and
 * reached by its id (get, keepalive, free); one placed without an offer id; the list read from the
 * shared store; an alloc of the dead runner 503 and of an unknown node 404.
 * The runners are {@code hearth server --role runner} processes with their real leases
 * (LocalLeases behind LeasesApi, {@link RunnerLeases}) on the shared Docker Engine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LeasesMultiNodeIntegrationTest {
  static final boolean REAL_RUNNERS = true;
  static final Duration START = Duration.ofSeconds(90);
  static final long RUNNER_MEMORY = 512L << 20;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  static PostgresTestSchema schema;
  static Path logs;
  static NodeProcess api;
  static final List<NodeProcess> runners = new ArrayList<>();
  static final List<String> ids = new ArrayList<>();
  static final List<String> grpc = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    schema = PostgresTestSchema.create(); // skips when PostgreSQL does not answer
    logs = Files.createTempDirectory("hearth-leases-multinode-");
    String run = UUID.randomUUID().toString().substring(0, 6);
    Map<String, String> common = new HashMap<>();
    common.put("HEARTH_HOST", "127.0.0.1");
    common.put("HEARTH_DB_URL", schema.url());
    common.put("HEARTH_DEMO", "false");
    Map<String, String> apiEnv = new HashMap<>(common);
    apiEnv.put("HEARTH_NODE_TYPE", "api");
    apiEnv.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
    apiEnv.put("HEARTH_DATA_DIR", logs.resolve("api").toString());
    apiEnv.put("HEARTH_RUNNER_TTL_MSECS", "60000"); // the killed runner's registration stays fresh: it is asked
    apiEnv.put("HEARTH_OFFERS_DEADLINE_MSECS", "2000");
    api = NodeProcess.start("api", List.of(), apiEnv, logs);
    api.awaitRunning(START); // the schema is migrated before the runners start
    for (int i = 0; i < 3; i++) {
      String id = "t" + run + "-r" + i;
      Map<String, String> env = new HashMap<>(common);
      env.put("HEARTH_PORT", "0");
      int port = NodeProcess.freePort();
      grpc.add("127.0.0.1:" + port);
      env.put("HEARTH_GRPC_PORT", Integer.toString(port));
      env.put("HEARTH_NODE_ID", id);
      env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
      env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(RUNNER_MEMORY));
      env.put("HEARTH_RUNNER_HEARTBEAT_MSECS", "250");
      env.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
      env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
      env.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(",")));
      runners.add(NodeProcess.start("runner" + i, List.of("--role", "runner"), env, logs));
      ids.add(id);
    }
    for (NodeProcess r : runners) {
      r.awaitRunning(START);
    }
    TestCluster.eventually(Duration.ofSeconds(30), () -> assertThat(offers().get("items")).hasSize(3));
    runners.get(2).kill(); // its registration stays: registered, fresh, unreachable
  }

  @AfterAll
  static void stopCluster() throws Exception {
    List<NodeProcess> all = new ArrayList<>(runners);
    all.add(api);
    for (NodeProcess p : all) {
      if (p != null) {
        p.close();
      }
    }
    if (schema != null) {
      schema.close();
    }
    System.out.println("leases multi-node test logs: " + logs);
  }

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.where() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    return TestServer.JSON.readTree(r.body());
  }

  static JsonNode offers() throws Exception {
    return json(send("GET", "/v2/offers", null), 200);
  }

  static String offerOf(JsonNode offers, String nodeId) {
    for (JsonNode o : offers.get("items")) {
      if (o.get("node_id").asText().equals(nodeId)) {
        return o.get("id").asText();
      }
    }
    throw new AssertionError("no offer of " + nodeId + " in " + offers);
  }

  @Test
  void offersComeFromTheLiveRunnersAndTheDeadOneIsNamedAnAllocIsReachedByItsIdThroughTheApi() throws Exception {
    JsonNode offers = offers();
    System.out.println("offers through the api node: " + offers);
    assertThat(offers.get("items")).extracting(o -> o.get("node_id").asText())
        .containsExactlyInAnyOrder(ids.get(0), ids.get(1));
    assertThat(offers.get("unreachable")).extracting(JsonNode::asText).containsExactly(ids.get(2));

    String body = "{\"offer_id\":\"" + offerOf(offers, ids.get(1)) + "\",\"owner\":\"multi\","
        + "\"resources\":{\"memory_bytes\":" + (64L << 20) + ",\"cpu_mcpus\":100}}";
    JsonNode created = json(send("POST", "/v2/allocs", body), 201);
    String id = created.get("id").asText();
    assertThat(id).startsWith(ids.get(1) + ".");

    TestCluster.eventually(Duration.ofSeconds(15), () -> {
      try (io.hearth.lb.RunnerClient client = new io.hearth.lb.RunnerClient(grpc.get(1))) {
        io.hearth.core.status.NodeStatus.Idleness idle = client.status(Duration.ofSeconds(5)).idle();
        assertThat(idle.idleSecs()).as("holding an alloc, it is not idle").isEqualTo(-1);
        assertThat(idle.longestLeaseSecs()).as("its longest lease, in its Status").isBetween(1L, 120L);
      }
    });

    JsonNode got = json(send("GET", "/v2/allocs/" + id, null), 200);
    assertThat(got.get("node_id").asText()).isEqualTo(ids.get(1));
    assertThat(got.get("state").asText()).isEqualTo("active");
    JsonNode kept = json(send("POST", "/v2/allocs/" + id + "/keepalive", "{\"interval_secs\":60}"), 200);
    assertThat(kept.get("granted_secs").asLong()).isPositive();
    JsonNode freed = json(send("DELETE", "/v2/allocs/" + id, null), 200);
    assertThat(freed.get("state").asText()).isEqualTo("freed");
    JsonNode after = json(send("GET", "/v2/allocs/" + id, null), 200);
    assertThat(after.get("state").asText()).as("a freed alloc stays readable").isEqualTo("freed");
    JsonNode listed = json(send("GET", "/v2/allocs?owner=multi&state=freed", null), 200);
    assertThat(listed.get("items")).as("the list, from the shared store").extracting(a -> a.get("id").asText())
        .contains(id);
  }

  @Test
  void anAllocAskedWithoutAnOfferIsPlacedOnALiveRunner() throws Exception {
    JsonNode created = json(send("POST", "/v2/allocs", "{\"owner\":\"multi\",\"resources\":{\"memory_bytes\":"
        + (32L << 20) + "}}"), 201);
    String id = created.get("id").asText();
    assertThat(id).matches(s -> s.startsWith(ids.get(0) + ".") || s.startsWith(ids.get(1) + "."), "on a live runner");
    json(send("DELETE", "/v2/allocs/" + id, null), 200);
    JsonNode never = json(send("POST", "/v2/allocs", "{\"owner\":\"multi\",\"resources\":{\"memory_bytes\":"
        + (64L << 30) + "}}"), 503);
    assertThat(never.get("message").asText()).as("the dead runner might be the big one").contains(ids.get(2));
  }

  @Test
  void anAllocOfTheDeadRunnerIs503AndOfAnUnknownNode404() throws Exception {
    JsonNode dead = json(send("GET", "/v2/allocs/" + ids.get(2) + ".01JXYZ", null), 503);
    assertThat(dead.get("message").asText()).startsWith("runner " + ids.get(2) + " is unreachable: ");
    JsonNode unknown = json(send("POST", "/v2/allocs/nobody.01JXYZ/keepalive", "{\"interval_secs\":60}"), 404);
    assertThat(unknown.get("message").asText()).contains("nobody").contains("not a registered runner");
    JsonNode list = json(send("GET", "/v2/allocs", null), 200);
    assertThat(list.get("items").isArray()).as("the list is the shared store's").isTrue();
  }
}
