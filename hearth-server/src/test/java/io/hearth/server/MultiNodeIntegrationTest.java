package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.runner.RunnerClient;
import io.hearth.runner.RunnerStatus;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster of real processes on 127.0.0.1: one api node, three runners sharing this machine's
 * Docker Engine (each labels and accounts only its own containers), and three lbs — consistent
 * hash and least-loaded over the runners registered in PostgreSQL, naive over a static list —
 * all on a fresh PostgreSQL schema. The tests run in order because they change the cluster: a
 * runner is killed and restarted, another drained. Every load loop is bounded in count and time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MultiNodeIntegrationTest {
  private static final Duration START = Duration.ofSeconds(60);
  /** Each runner has room for two containers of 128 MB: enough to show consistent hashing spill over. */
  private static final long RUNNER_MEMORY = 256L << 20;

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
  /** Which runner each function of the kill test lives on, by consistent hashing. */
  static final Map<String, Integer> homes = new LinkedHashMap<>();

  @BeforeAll
  static void startCluster() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    schema = PostgresTestSchema.create(); // skips when PostgreSQL does not answer
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    logs = Files.createTempDirectory("hearth-multinode-");
    String run = UUID.randomUUID().toString().substring(0, 6);
    Map<String, String> common = new HashMap<>();
    common.put("HEARTH_HOST", "127.0.0.1");
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
    lbEnv.put("HEARTH_PLACER_TIMEOUT_MSECS", "8000");
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

  @AfterAll
  static void stopCluster() throws Exception {
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

  // ---- the tests -------------------------------------------------------------------------------

  @Test
  @Order(1)
  void eachPlacerSpreadsCallsItsOwnWayAndEachRunnerAccountsOnlyItsContainers() throws Exception {
    // consistent hash: every call of a function goes to the same runner
    Map<String, Set<Integer>> chRunners = new LinkedHashMap<>();
    for (int f = 0; f < 4; f++) {
      String fn = fn("ch" + f, "");
      for (int i = 0; i < 2; i++) {
        chRunners.computeIfAbsent(fn, k -> new HashSet<>()).add(runnerOf(hostOf(invoke(lbCh, fn, "env HOSTNAME"))));
      }
    }
    System.out.println("consistent hash, runners per function: " + chRunners);
    assertThat(chRunners.values()).allSatisfy(set -> assertThat(set).hasSize(1));

    // naive: round robin, whatever the function
    String rr = fn("naive", "");
    List<Integer> naiveOrder = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      naiveOrder.add(runnerOf(hostOf(invoke(lbNaive, rr, "env HOSTNAME"))));
    }
    System.out.println("naive, runner of each call: " + naiveOrder);
    assertThat(Set.copyOf(naiveOrder)).hasSize(3);
    assertThat(naiveOrder.subList(3, 6)).isEqualTo(naiveOrder.subList(0, 3));

    // least-loaded: overlapping calls go to different runners (the lb counts its own calls in flight)
    String ll = fn("least", "");
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> call(lbLeast, ll, "sleep-host 1500", Map.of())));
      Thread.sleep(150);
    }
    Set<Integer> llRunners = new HashSet<>();
    for (var c : calls) {
      HttpResponse<String> r = c.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      llRunners.add(runnerOf(hostOf(r.body())));
    }
    System.out.println("least-loaded, runners of 3 overlapping calls: " + llRunners);
    assertThat(llRunners).hasSizeGreaterThanOrEqualTo(2);

    // each runner's status counts exactly the containers carrying its node label
    for (int i = 0; i < 3; i++) {
      int runner = i;
      eventually(Duration.ofSeconds(10), () -> {
        RunnerStatus s = status(runner);
        int labelled = TestDocker.driver().list(Map.of("io.hearth.node", runnerIds.get(runner))).size();
        int accounted = s.warmByFn().values().stream().mapToInt(Integer::intValue).sum();
        assertThat(accounted).as("runner %d: containers in its status vs labelled with its id", runner)
            .isEqualTo(labelled);
        assertThat(s.memoryUsedBytes()).isEqualTo(accounted * (128L << 20));
        assertThat(s.memoryCapacityBytes()).isEqualTo(RUNNER_MEMORY);
        assertThat(s.nodeId()).isEqualTo(runnerIds.get(runner));
      });
    }
  }

  @Test
  @Order(2)
  void consistentHashKeepsAFunctionOnOneRunnerWhileItHasRoomThenSpillsToTheNext() throws Exception {
    String fn = fn("spill", "");
    int home = runnerOf(hostOf(invoke(lbCh, fn, "env HOSTNAME")));
    for (int i = 0; i < 3; i++) {
      assertThat(runnerOf(hostOf(invoke(lbCh, fn, "env HOSTNAME")))).isEqualTo(home);
    }
    // four overlapping calls: the home runner has room for two containers of it, the rest spill over
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> call(lbCh, fn, "sleep-host 3000", Map.of())));
      Thread.sleep(200);
    }
    Map<Integer, Integer> byRunner = new HashMap<>();
    for (var c : calls) {
      HttpResponse<String> r = c.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      byRunner.merge(runnerOf(hostOf(r.body())), 1, Integer::sum);
    }
    System.out.println("consistent hash, 4 overlapping calls of one function (home " + home + "): " + byRunner);
    assertThat(byRunner.get(home)).isEqualTo(2);
    assertThat(byRunner).hasSize(2); // the two that did not fit went to the next runner in the order
  }

  @Test
  @Order(3)
  void aRunnerKilledUnderLoadLeavesNoCallHanging() throws Exception {
    for (int f = 0; f < 6; f++) {
      String fn = fn("k" + f, "");
      homes.put(fn, runnerOf(hostOf(invoke(lbCh, fn, "env HOSTNAME"))));
    }
    Map<Integer, Long> counts = homes.values().stream().collect(Collectors.groupingBy(h -> h, Collectors.counting()));
    int victim = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    System.out.println("kill test: homes " + homes + ", killing runner " + victim);
    List<String> fns = List.copyOf(homes.keySet());
    record Outcome(String fn, int status, String body, long startedMs, long tookMs) {}
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      int thread = t;
      clients.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 30 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(7); i++) {
          String fn = fns.get((thread + i) % fns.size());
          long started = System.nanoTime();
          HttpResponse<String> r = call(lbCh, fn, "sleep 300", Map.of());
          outcomes.add(new Outcome(fn, r.statusCode(), r.body(), (started - t0) / 1_000_000,
              (System.nanoTime() - started) / 1_000_000));
        }
      }));
    }
    Thread.sleep(2000);
    long killedAt = (System.nanoTime() - t0) / 1_000_000;
    runners.get(victim).kill();
    for (Thread c : clients) {
      c.join(Duration.ofSeconds(40));
      assertThat(c.isAlive()).as("a client is still waiting for an answer").isFalse();
    }
    Map<Integer, Long> statuses = outcomes.stream().collect(Collectors.groupingBy(Outcome::status,
        Collectors.counting()));
    System.out.println("kill test: " + outcomes.size() + " calls, statuses " + statuses + ", killed at " + killedAt
        + " ms, slowest " + outcomes.stream().mapToLong(Outcome::tookMs).max().orElse(0) + " ms");
    assertThat(statuses.keySet()).isSubsetOf(200, 502, 503);
    assertThat(outcomes).allSatisfy(o -> assertThat(o.tookMs()).isLessThan(20_000));
    assertThat(outcomes.stream().filter(o -> o.status() == 502))
        .as("calls in flight on the killed runner end with a clear 502")
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.body()).contains("went away"));
    List<Outcome> afterKill = outcomes.stream()
        .filter(o -> homes.get(o.fn()) == victim && o.startedMs() > killedAt + 500).toList();
    assertThat(afterKill).as("calls of the dead runner's functions, placed after it died").isNotEmpty()
        .allSatisfy(o -> assertThat(o.status()).as(o.body()).isEqualTo(200));
  }

  @Test
  @Order(4)
  void theRestartedRunnerRejoinsAndGetsItsFunctionsBack() throws Exception {
    int victim = deadRunner();
    runners.get(victim).restart();
    runners.get(victim).awaitRunning(START);
    awaitAvailable(lbCh, Set.of(0, 1, 2));
    String fn = homes.entrySet().stream().filter(e -> e.getValue() == victim).findFirst().orElseThrow().getKey();
    eventually(Duration.ofSeconds(10), () -> assertThat(runnerOf(hostOf(invoke(lbCh, fn, "env HOSTNAME"))))
        .isEqualTo(victim));
    assertThat(status(victim).handled()).isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(5)
  void aDrainedRunnerLosesNoCall() throws Exception {
    String fn = homes.keySet().iterator().next();
    int drained = homes.get(fn);
    CompletableFuture<HttpResponse<String>> longCall = CompletableFuture.supplyAsync(
        () -> call(lbCh, fn, "sleep 3000", Map.of()));
    eventually(Duration.ofSeconds(10), () -> assertThat(status(drained).activeCalls()).isEqualTo(1));
    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
      try {
        return runners.get(drained).stop(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    eventually(Duration.ofSeconds(5), () -> assertThat(status(drained).draining()).isTrue());
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = call(lbCh, fn, "env HOSTNAME", Map.of());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(runnerOf(hostOf(r.body()))).as("new calls go to another runner").isNotEqualTo(drained);
    }
    HttpResponse<String> done = longCall.get(30, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(done.body()).isEqualTo("slept 3000");
    assertThat(stopped.get(30, TimeUnit.SECONDS)).as("the drained runner exited once its call was done").isTrue();
    System.out.println("drain test: runner " + drained + " finished its call and stopped");
  }

  @Test
  @Order(6)
  void detachedCallsAnswer202OnceStarted() throws Exception {
    String fn = fn("detached", "");
    int runner = runnerOf(hostOf(invoke(lbCh, fn, "env HOSTNAME"))); // warm
    long handled = status(runner).handled();
    long start = System.nanoTime();
    HttpResponse<String> r = call(lbCh, fn, "sleep 2000", Map.of("Fn-Invoke-Type", "detached"));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.headers().firstValue("Fn-Call-Id")).isPresent();
    assertThat(tookMs).as("answered before the function finished").isLessThan(1500);
    eventually(Duration.ofSeconds(10), () -> assertThat(status(runner).handled()).isEqualTo(handled + 1));
    System.out.println("detached: 202 after " + tookMs + " ms; the call ran to its end on runner " + runner);
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
