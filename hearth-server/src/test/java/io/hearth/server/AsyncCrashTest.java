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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13's crash test: {@value #DEFAULT_CALLS} async calls accepted by an all-in-one node (a real
 * process, embedded H2), the node killed with SIGKILL twice while they run and restarted each time,
 * plus detached calls running at the first kill. Every accepted async call must reach a final
 * state, each having run at least once; every detached call must be final, those cut by the kill
 * with "the node running the call restarted". Duplicates (async calls started more than once: the
 * ones running at a kill) are counted and printed, as are the accept latencies. Bounded: at most
 * ~2 minutes of waiting; {@code -Dhearth.crash.calls=N} changes the count.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AsyncCrashTest {
  static final int DEFAULT_CALLS = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GAUGE = Pattern.compile("^hearth_async_(queued|running)\\{[^}]*\\} (\\S+)$",
      Pattern.MULTILINE);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyAcceptedCallEndsAfterTwoKills() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    int calls = Integer.getInteger("hearth.crash.calls", DEFAULT_CALLS);
    Path logs = Files.createTempDirectory("hearth-async-crash-");
    String id = "t" + UUID.randomUUID().toString().substring(0, 6) + "-crash";
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_HOST", "127.0.0.1");
    env.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
    env.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
    env.put("HEARTH_NODE_ID", id);
    env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
    env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
    env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(1L << 30));
    env.put("HEARTH_ASYNC_WORKERS", "6");
    env.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    try (NodeProcess node = NodeProcess.start("crash", List.of(), env, logs)) {
      String base = node.awaitRunning(Duration.ofSeconds(90));
      String app = id(send(base, "POST", "/v2/apps", "{\"name\":\"crash\"}", null));
      String fn = id(send(base, "POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"work\",\"image\":\""
          + image + "\",\"memory\":64}", null));

      List<String> detached = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        HttpResponse<String> r = send(base, "POST", "/invoke/" + fn, "sleep 60000", "detached");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        detached.add(r.headers().firstValue("Fn-Call-Id").orElseThrow());
      }

      List<String> accepted = Collections.synchronizedList(new ArrayList<>());
      List<Long> acceptNanos = Collections.synchronizedList(new ArrayList<>());
      String at = base;
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          int client = c;
          done.add(clients.submit(() -> {
            for (int i = client; i < calls; i += 4) {
              long t = System.nanoTime();
              HttpResponse<String> r = send(at, "POST", "/invoke/" + fn, "sleep 20", "async");
              acceptNanos.add(System.nanoTime() - t);
              assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
              accepted.add(r.headers().firstValue("Fn-Call-Id").orElseThrow());
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        clients.shutdownNow();
      }

      for (int kill = 1; kill <= 2; kill++) {
        awaitProgress(base, calls / 4 * kill);
        node.kill(); // SIGKILL while calls run
        node.restart();
        base = node.awaitRunning(Duration.ofSeconds(90));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (open(base) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      assertThat(open(base)).as("async calls still open after two minutes").isZero();

      Map<String, Integer> states = new TreeMap<>();
      Map<Integer, Integer> attempts = new TreeMap<>();
      for (String call : accepted) {
        JsonNode c = JSON.readTree(send(base, "GET", "/v2/fns/" + fn + "/calls/" + call, null, null).body());
        states.merge(c.get("state").asText(), 1, Integer::sum);
        attempts.merge(c.get("attempts").asInt(), 1, Integer::sum);
        assertThat(c.get("state").asText()).as("call %s: %s", call, c).isIn("success", "error", "timeout");
        assertThat(c.get("attempts").asInt()).as("ran at least once: %s", c).isGreaterThanOrEqualTo(1);
        if (!c.get("state").asText().equals("success")) { // a healthy function: only a call out of attempts may fail
          assertThat(c.get("attempts").asInt()).as("failed with attempts left: %s", c)
              .isEqualTo(c.get("max_attempts").asInt());
        }
      }
      for (String call : detached) {
        JsonNode c = JSON.readTree(send(base, "GET", "/v2/fns/" + fn + "/calls/" + call, null, null).body());
        assertThat(c.get("state").asText()).as("detached %s", c).isEqualTo("error");
        assertThat(c.get("error").asText()).isEqualTo("the node running the call restarted");
      }
      List<Long> sorted = new ArrayList<>(acceptNanos);
      Collections.sort(sorted);
      int duplicates = attempts.entrySet().stream().filter(e -> e.getKey() > 1).mapToInt(Map.Entry::getValue).sum();
      System.out.printf("async-crash: %d accepted, states %s, attempts %s, duplicates (started more than once) %d;"
          + " accept latency p50 %.2f ms p99 %.2f ms (4 clients)%n", accepted.size(), states, attempts, duplicates,
          sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 99 / 100) / 1e6);
      assertThat(accepted).hasSize(calls);
    } // closing the node stops it gracefully: it removes its containers
  }

  /** Waits (bounded) until at most {@code calls - done} async calls are still open. */
  private void awaitProgress(String base, int doneAtLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int total = Integer.getInteger("hearth.crash.calls", DEFAULT_CALLS);
    while (System.nanoTime() < deadline && open(base) > total - doneAtLeast) {
      Thread.sleep(100);
    }
  }

  /** Async calls queued or running, from the node's metrics. */
  private long open(String base) throws Exception {
    String metrics = send(base, "GET", "/metrics", null, null).body();
    Matcher m = GAUGE.matcher(metrics);
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
