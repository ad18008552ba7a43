package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.lb.RunnerClient;
import io.hearth.protocol.RunnerStatus;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The cluster {@link MultiNodeIntegrationTest} runs on, as real processes on 127.0.0.1: one api
 * node, three runners sharing this machine's Docker Engine (each labels and accounts only its own
 * containers), and three lbs — consistent hash and least-loaded over the runners registered in
 * PostgreSQL, naive over a static list — all on a fresh PostgreSQL schema dropped at the end.
 * Startup and shutdown are bounded; every process is stopped (SIGTERM, then SIGKILL) at the end.
 */
final class TestCluster {
  private TestCluster() {}

  static final Duration START = Duration.ofSeconds(120);
  /** Each runner has room for two containers of 128 MB: enough to show consistent hashing spill over. */
  static final long RUNNER_MEMORY = 256L << 20;

  static PostgresTestSchema schema;
  static Path logs;
  static String image;
  static NodeProcess api;
  static final List<NodeProcess> runners = new ArrayList<>();
  static final List<String> runnerIds = new ArrayList<>();
  static final List<String> runnerAddresses = new ArrayList<>();
  static NodeProcess lbCh;
  static NodeProcess lbNaive;
  static NodeProcess lbLeast;
  static String appId;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  static void start() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    schema = PostgresTestSchema.create(); // skips when PostgreSQL does not answer
    // -Dhearth.test.testfn=IMAGE uses an image of TestFn already built (e.g. hearth/testfn from ./hearth samples)
    String prebuilt = System.getProperty("hearth.test.testfn", "");
    image = !prebuilt.isEmpty() ? prebuilt
        : TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    logs = Files.createTempDirectory("hearth-multinode-");
    String run = UUID.randomUUID().toString().substring(0, 6);
    Map<String, String> common = new HashMap<>();
    common.put("HEARTH_HOST", "127.0.0.1");
    common.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString()); // the engine this test uses
    common.put("HEARTH_DB_URL", schema.url());
    common.put("HEARTH_DEMO", "false");
    common.put("HEARTH_FN_CACHE_MSECS", "200");
    common.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));

    int lbChPort = NodeProcess.freePort();
    Map<String, String> apiEnv = new HashMap<>(common);
    apiEnv.put("HEARTH_NODE_TYPE", "api");
    apiEnv.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
    apiEnv.put("HEARTH_DATA_DIR", logs.resolve("api").toString());
    apiEnv.put("HEARTH_PUBLIC_URL", "http://127.0.0.1:" + lbChPort);
    api = NodeProcess.start("api", List.of(), apiEnv, logs);
    api.awaitRunning(START); // the schema is migrated before the others start

    for (int i = 0; i < 3; i++) {
      String id = "t" + run + "-r" + i;
      int grpc = NodeProcess.freePort();
      Map<String, String> env = new HashMap<>(common);
      env.put("HEARTH_PORT", "0");
      env.put("HEARTH_GRPC_PORT", Integer.toString(grpc));
      env.put("HEARTH_NODE_ID", id);
      env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
      env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
      env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(RUNNER_MEMORY));
      env.put("HEARTH_RUNNER_HEARTBEAT_MSECS", "250");
      env.put("HEARTH_DRAIN_TIMEOUT_MSECS", "20000");
      runners.add(NodeProcess.start("runner" + i, List.of("--role", "runner"), env, logs));
      runnerIds.add(id);
      runnerAddresses.add("127.0.0.1:" + grpc);
    }
    Map<String, String> lbEnv = new HashMap<>(common);
    lbEnv.put("HEARTH_RUNNER_TTL_MSECS", "1500");
    lbEnv.put("HEARTH_RUNNER_POLL_MSECS", "200");
    lbEnv.put("HEARTH_PLACER_TIMEOUT_MSECS", "15000");
    lbEnv.put("HEARTH_DATA_DIR", logs.resolve("lb").toString());
    Map<String, String> ch = new HashMap<>(lbEnv);
    ch.put("HEARTH_PORT", Integer.toString(lbChPort));
    ch.put("HEARTH_PLACER", "ch");
    lbCh = NodeProcess.start("lb-ch", List.of("--role=lb"), ch, logs);
    Map<String, String> naive = new HashMap<>(lbEnv);
    naive.put("HEARTH_PORT", "0");
    naive.put("FN_NODE_TYPE", "lb"); // Fn's names work too
    naive.put("FN_PLACER", "naive");
    naive.put("FN_RUNNER_ADDRESSES", String.join(",", runnerAddresses));
    lbNaive = NodeProcess.start("lb-naive", List.of(), naive, logs);
    Map<String, String> least = new HashMap<>(lbEnv);
    least.put("HEARTH_PORT", "0");
    least.put("HEARTH_PLACER", "least-loaded");
    lbLeast = NodeProcess.start("lb-least", List.of("--role", "lb"), least, logs);

    for (NodeProcess p : runners) {
      p.awaitRunning(START);
    }
    for (NodeProcess lb : List.of(lbCh, lbNaive, lbLeast)) {
      lb.awaitRunning(START);
    }
    appId = json(send("POST", api.where() + "/v2/apps", "{\"name\":\"multi\"}", Map.of())).get("id").asText();
    for (NodeProcess lb : List.of(lbCh, lbNaive, lbLeast)) {
      awaitAvailable(lb, Set.copyOf(List.of(0, 1, 2)));
    }
  }

  static void stop() throws Exception {
    List<NodeProcess> all = new ArrayList<>();
    all.addAll(List.of(lbCh, lbNaive, lbLeast, api));
    all.addAll(runners);
    List<Thread> stops = new ArrayList<>();
    for (NodeProcess p : all) {
      if (p != null) {
        stops.add(Thread.ofVirtual().start(() -> {
          try {
            p.close();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
    }
    for (Thread t : stops) {
      t.join(Duration.ofSeconds(40));
    }
    if (schema != null) {
      schema.close();
    }
    System.out.println("multi-node test logs: " + logs);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Creates a function of the test image; returns its id. */
  static String fn(String name, String extraJson) throws Exception {
    String body = "{\"app_id\":\"" + appId + "\",\"name\":\"" + name + "\",\"image\":\"" + image
        + "\",\"memory\":128" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}";
    return json(send("POST", api.where() + "/v2/fns", body, Map.of())).get("id").asText();
  }

  /** Calls the function through the lb; asserts 200 and returns the body. */
  static String invoke(NodeProcess lb, String fnId, String body) {
    HttpResponse<String> r = call(lb, fnId, body, Map.of());
    assertThat(r.statusCode()).as("%s: %s", lb.name, r.body()).isEqualTo(200);
    return r.body();
  }

  static HttpResponse<String> call(NodeProcess lb, String fnId, String body, Map<String, String> headers) {
    try {
      return send("POST", lb.where() + "/invoke/" + fnId, body, headers);
    } catch (Exception e) {
      throw new IllegalStateException("calling " + fnId + " through " + lb.name + ": " + e, e);
    }
  }

  static HttpResponse<String> send(String method, String url, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.JSON.readTree(r.body());
  }

  /** The first line of a body: the container's HOSTNAME (its id's first 12 characters). */
  static String hostOf(String body) {
    return body.strip().lines().findFirst().orElse("");
  }

  /** Which runner runs the container with this host name, by the node label on the container. */
  static int runnerOf(String hostname) {
    for (int i = 0; i < runnerIds.size(); i++) {
      for (String id : TestDocker.driver().list(Map.of("io.hearth.node", runnerIds.get(i)))) {
        if (!hostname.isEmpty() && id.startsWith(hostname)) {
          return i;
        }
      }
    }
    throw new AssertionError("no runner has a container named " + hostname);
  }

  static RunnerStatus status(int runner) throws Exception {
    try (RunnerClient client = new RunnerClient(runnerAddresses.get(runner))) {
      return client.status(Duration.ofSeconds(5));
    }
  }

  static int deadRunner() {
    for (int i = 0; i < runners.size(); i++) {
      if (!runners.get(i).isAlive()) {
        return i;
      }
    }
    throw new AssertionError("every runner is alive");
  }

  /** Waits until the lb offers calls to exactly these runners. */
  static void awaitAvailable(NodeProcess lb, Set<Integer> expected) throws Exception {
    eventually(Duration.ofSeconds(20), () -> {
      JsonNode runners = json(send("GET", lb.where() + "/v2/runners", null, Map.of())).get("runners");
      Set<String> available = new HashSet<>();
      for (JsonNode r : runners) {
        if (r.get("available").asBoolean()) {
          available.add(r.has("node_id") ? r.get("node_id").asText() : r.get("id").asText());
        }
      }
      Set<String> want = expected.stream().map(runnerIds::get).collect(Collectors.toSet());
      assertThat(available).as("%s's available runners", lb.name).isEqualTo(want);
    });
  }

  interface Check {
    void run() throws Exception;
  }

  static void eventually(Duration timeout, Check check) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | Exception e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
