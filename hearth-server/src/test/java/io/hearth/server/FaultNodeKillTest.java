package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault suite, case (a): an all-in-one node (a real process, embedded H2) killed with SIGKILL
 * under load and restarted on the same port and data. Four clients send sync calls, one sends
 * async calls. Promised: every request gets an answer or a connection error (refused while the
 * node is down, cut when the kill takes it), none hangs, none answers 500; every async call
 * accepted with a 202 reaches a final state after the restart; after the restart every call
 * succeeds.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultNodeKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aNodeKilledUnderLoadLosesNothingItAccepted() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    Path logs = Files.createTempDirectory("hearth-fault-kill-");
    String id = "t" + UUID.randomUUID().toString().substring(0, 6) + "-fk";
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_HOST", "127.0.0.1");
    env.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
    env.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
    env.put("HEARTH_NODE_ID", id);
    env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
    env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
    env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(512L << 20));
    env.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    try (NodeProcess node = NodeProcess.start("fault-kill", List.of(), env, logs)) {
      String base = node.awaitRunning(Duration.ofSeconds(90));
      String app = id(send(base, "POST", "/v2/apps", "{\"name\":\"fk\"}", Map.of()));
      String fn = id(send(base, "POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"work\",\"image\":\""
          + image + "\",\"memory\":64}", Map.of()));
      assertThat(send(base, "POST", "/invoke/" + fn, "sleep 1", Map.of()).statusCode()).isEqualTo(200);

      long upAt;
      FaultLoad load = FaultLoad.start("node-kill", 5, 2000, Duration.ofSeconds(40), Duration.ofMillis(20),
          (client, seq) -> FaultLoad.post(base + "/invoke/" + fn, "sleep 50",
              client == 0 ? Map.of("Fn-Invoke-Type", "async") : Map.of()));
      try {
        awaitCount(load, 200, 20, Duration.ofSeconds(20)); // sync calls answered before the kill
        node.kill(); // SIGKILL under load
        node.restart();
        node.awaitRunning(Duration.ofSeconds(90));
        upAt = load.nowMs();
        awaitCount(load, 200, load.count(200) + 20, Duration.ofSeconds(20)); // and after the restart
      } finally {
        assertThat(load.awaitEnd()).as("every client ended: no request hangs").isTrue();
        System.out.println(load.report());
      }

      assertThat(load.lost.get()).as("requests accepted and never answered").isZero();
      assertThat(load.byStatus()).as("answers by status").doesNotContainKey(500);
      assertThat(load.byStatus().keySet()).isSubsetOf(Set.of(200, 202, 503));
      assertThat(load.answers.stream().filter(a -> a.startedMs() > upAt && a.status() != 200 && a.status() != 202))
          .as("calls started after the restart").isEmpty();

      // every async call accepted (202) before or after the kill reaches a final state
      List<String> async = load.answers.stream().filter(a -> a.status() == 202).map(FaultLoad.Answer::callId).toList();
      assertThat(async).isNotEmpty();
      Map<String, Integer> states = new TreeMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      for (String call : async) {
        String state;
        do {
          state = JSON.readTree(send(base, "GET", "/v2/fns/" + fn + "/calls/" + call, null, Map.of()).body())
              .path("state").asText();
        } while (!Set.of("success", "error", "timeout").contains(state) && System.nanoTime() < deadline
            && sleep(100));
        states.merge(state, 1, Integer::sum);
      }
      System.out.println("fault node-kill: async calls accepted " + async.size() + ", final states " + states);
      assertThat(states.keySet()).as("async calls accepted before or after the kill").isSubsetOf(Set.of("success",
          "error", "timeout"));

      for (int i = 0; i < 10; i++) { // recovered: every call succeeds
        HttpResponse<String> r = send(base, "POST", "/invoke/" + fn, "echo\nafter " + i, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("after " + i);
      }
    } // closing the node stops it gracefully: it removes its containers
  }

  /** Waits (bounded) until the load has at least {@code n} answers. */
  static void awaitAnswers(FaultLoad load, int n, Duration bound) throws InterruptedException {
    long until = System.nanoTime() + bound.toNanos();
    while (load.answered() < n && System.nanoTime() < until) {
      Thread.sleep(50);
    }
  }

  /** Waits (bounded) until the load has at least {@code n} answers of this status. */
  static void awaitCount(FaultLoad load, int status, long n, Duration bound) throws InterruptedException {
    long until = System.nanoTime() + bound.toNanos();
    while (load.count(status) < n && System.nanoTime() < until) {
      Thread.sleep(50);
    }
  }

  private static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String id(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("id").asText();
  }

  private HttpResponse<String> send(String base, String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
