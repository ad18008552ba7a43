package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.agent.ContainerView;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node agent's behaviours on the real Docker Engine, each proven with testfn. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentIntegrationTest {
  static final String TOO_BUSY = "Timed out - server too busy";
  static final long MB = 1024 * 1024;
  static String image;
  static TestServer node;
  static String appId;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    node = TestServer.start(Map.of());
    appId = node.app("agent-it");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static List<ContainerView> containersOf(TestServer n, String fnId) {
    return n.server.agent().containers().stream().filter(c -> c.fnId().equals(fnId)).toList();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * Whether the container's processes are frozen, as the kernel says: its cgroup's freezer state
   * (v1 freezer.state, v2 cgroup.freeze), or the engine's paused flag when the engine froze it.
   */
  static boolean frozen(String id) {
    if (TestDocker.driver().inspect(id).paused()) {
      return true;
    }
    long pid = TestDocker.driver().pid(id);
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
        String[] parts = line.split(":", 3);
        if (parts[1].equals("freezer")) {
          return Files.readString(Path.of("/sys/fs/cgroup/freezer" + parts[2], "freezer.state")).strip().equals("FROZEN");
        }
        if (parts[0].equals("0") && parts[1].isEmpty()) {
          Path v2 = Path.of("/sys/fs/cgroup" + parts[2], "cgroup.freeze");
          if (Files.exists(v2) && Files.readString(v2).strip().equals("1")) {
            return true;
          }
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(task));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    }
  }

  @Test
  void aBurstOf16StartsAtMost16ContainersAndSequentialCallsShareOne() throws Exception {
    String fn = node.fn(appId, "burst", image, null);
    List<HttpResponse<String>> answers = concurrently(16, () -> node.invoke(fn, "sleep 500"));
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(containersOf(node, fn).size()).isBetween(1, 16);

    String seq = node.fn(appId, "sequential", image, null);
    for (int i = 0; i < 5; i++) {
      assertThat(node.invoke(seq, "echo\n" + i).body()).isEqualTo(Integer.toString(i));
    }
    assertThat(containersOf(node, seq)).singleElement().extracting(ContainerView::calls).isEqualTo(5);
  }

  @Test
  void theMostRecentlyIdledContainerServesTheNextCall() throws Exception {
    String fn = node.fn(appId, "recent", image, null);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<HttpResponse<String>> early = pool.submit(() -> node.invoke(fn, "sleep-host 1000"));
      Future<HttpResponse<String>> late = pool.submit(() -> node.invoke(fn, "sleep-host 2500"));
      String earlyHost = early.get().body();
      String lateHost = late.get().body();
      assertThat(earlyHost).isNotEqualTo(lateHost);
      assertThat(node.invoke(fn, "env HOSTNAME").body()).isEqualTo(lateHost);
    }
  }

  @Test
  void idleContainersAreFrozenAndThawedForTheNextCall() throws Exception {
    String fn = node.fn(appId, "freeze", image, null);
    String host = node.invoke(fn, "env HOSTNAME").body();
    String id = containersOf(node, fn).getFirst().id();
    await("the idle container is frozen", () -> frozen(id));
    HttpResponse<String> again = node.invoke(fn, "env HOSTNAME");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(host);
    await("it is frozen again once idle", () -> frozen(id));
    assertThat(node.json(node.send("GET", "/v2/node", null)).get("containers").get("frozen").asInt()).isPositive();
  }

  @Test
  void prewarmedContainersServeTheFirstCallWarm() throws Exception {
    String fn = node.fn(appId, "prewarm", image, null);
    HttpResponse<String> r = node.send("POST", "/v2/fns/" + fn + "/prewarm?count=2", null);
    assertThat(r.statusCode()).isEqualTo(202);
    await("two containers are up", () -> containersOf(node, fn).size() == 2
        && containersOf(node, fn).stream().allMatch(ContainerView::idle));
    long cold = node.json(node.send("GET", "/v2/node", null)).get("cold_starts").asLong();
    assertThat(node.invoke(fn, "echo\nwarm").body()).isEqualTo("warm");
    JsonNode status = node.json(node.send("GET", "/v2/node", null));
    assertThat(status.get("cold_starts").asLong()).isEqualTo(cold);
    assertThat(status.get("warm_by_fn").get(fn).asInt()).isEqualTo(2);
    assertThat(node.send("POST", "/v2/fns/" + fn + "/prewarm?count=0", null).statusCode()).isEqualTo(400);
  }

  @Test
  void minWarmContainersStartWithoutCallsOutliveTheirIdleTimeoutAndRetireWhenItEnds() throws Exception {
    // Under per-function keep-alive an idle container retires after its function's idle_timeout,
    // so only min_warm can keep these; the default (adaptive) policy may keep them anyway.
    try (TestServer n = TestServer.start(Map.of("HEARTH_KEEPALIVE_POLICY", "per-function"))) {
      String app = n.app("min-warm");
      String fn = n.fn(app, "min-warm", image, "\"idle_timeout\":1,\"annotations\":{\"hearth.io/min_warm\":2}");
      String plain = n.fn(app, "plain", image, "\"idle_timeout\":1");
      await("two containers are started and idle", () -> containersOf(n, fn).stream().filter(ContainerView::idle)
          .count() == 2);
      List<String> kept = containersOf(n, fn).stream().map(ContainerView::id).toList();
      assertThat(n.invoke(plain, "echo\nx").body()).isEqualTo("x");
      await("a container without min_warm, idle since after them, retires after its 1 s idle_timeout",
          () -> containersOf(n, plain).isEmpty());
      assertThat(containersOf(n, fn)).as("the min_warm containers, idle longer, are still the same two")
          .extracting(ContainerView::id).containsExactlyInAnyOrderElementsOf(kept);
      HttpResponse<String> call = n.invoke(fn, "echo\nwarm");
      assertThat(call.body()).isEqualTo("warm");
      String record = "/v2/fns/" + fn + "/calls/" + call.headers().firstValue("Fn-Call-Id").orElseThrow();
      await("the call is recorded", () -> {
        try {
          return n.send("GET", record, null).statusCode() == 200;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      assertThat(n.json(n.send("GET", record, null)).path("cold").asBoolean(true))
          .as("the call found a warm container").isFalse();
      HttpResponse<String> bad = n.send("PUT", "/v2/fns/" + fn, "{\"annotations\":{\"hearth.io/min_warm\":\"many\"}}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(n.json(bad).get("message").asText()).contains("hearth.io/min_warm");
      assertThat(n.send("PUT", "/v2/fns/" + fn, "{\"annotations\":{\"hearth.io/min_warm\":0}}").statusCode())
          .isEqualTo(200);
      await("its containers retire", () -> containersOf(n, fn).isEmpty());
    }
  }

  @Test
  void outOfMemoryIsReportedWithFnsMessage() throws Exception {
    String fn = node.fn(appId, "oom", image, "\"memory\":128");
    HttpResponse<String> r = node.invoke(fn, "alloc 512");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(node.json(r).get("message").asText()).isEqualTo(
        "container out of memory, you may want to raise fn.memory for this function (default: 128MB)");
    assertThat(node.invoke(fn, "echo\nok").body()).isEqualTo("ok");
  }

  @Test
  void aForkBombIsContainedByThePidsLimit() throws Exception {
    String fn = node.fn(appId, "forkbomb", image, null);
    HttpResponse<String> r = node.invoke(fn, "threads 2000");
    assertThat(r.statusCode()).isEqualTo(200);
    int started = Integer.parseInt(r.body().lines().findFirst().orElseThrow().split(" ")[1]);
    assertThat(started).isLessThan(100); // the pids limit (64) stops it, the JVM's own threads included
    assertThat(node.invoke(fn, "echo\nalive").body()).isEqualTo("alive");
  }

  @Test
  void anUpdatedFunctionsOldContainersRetire() throws Exception {
    String fn = node.fn(appId, "updated", image, null);
    assertThat(node.invoke(fn, "env LEVEL").body()).isEmpty();
    String old = containersOf(node, fn).getFirst().id();
    HttpResponse<String> put = node.send("PUT", "/v2/fns/" + fn, "{\"config\":{\"LEVEL\":\"two\"}}");
    assertThat(put.statusCode()).isEqualTo(200);
    await("the old container is gone", () -> containersOf(node, fn).stream().noneMatch(c -> old.equals(c.id())));
    assertThat(node.invoke(fn, "env LEVEL").body()).isEqualTo("two");
    await("the engine removed it", () -> !TestDocker.driver().inspect(old).running());
  }

  @Test
  void evictsAnotherFunctionsIdleContainerWhenMemoryIsFull() throws Exception {
    try (TestServer small = TestServer.start(Map.of("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(300 * MB)))) {
      String app = small.app("evict");
      String a = small.fn(app, "a", image, "\"memory\":128");
      String b = small.fn(app, "b", image, "\"memory\":256");
      assertThat(small.invoke(a, "echo\na").body()).isEqualTo("a");
      String victim = containersOf(small, a).getFirst().id();
      assertThat(small.invoke(b, "echo\nb").body()).isEqualTo("b");
      assertThat(containersOf(small, a)).isEmpty();
      assertThat(small.json(small.send("GET", "/v2/node", null)).get("evictions").asInt()).isEqualTo(1);
      await("the evicted container is removed", () -> !TestDocker.driver().inspect(victim).running());
      HttpResponse<String> tooBig = small.invoke(small.fn(app, "huge", image, "\"memory\":1024"), "echo\nx");
      assertThat(tooBig.statusCode()).isEqualTo(400);
      assertThat(small.json(tooBig).get("message").asText()).isEqualTo("Requested CPU/Memory cannot be allocated");
    }
  }

  @Test
  void whenNothingCanBeEvictedNonBlockingModeAnswers503AtOnce() throws Exception {
    try (TestServer full = TestServer.start(Map.of("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(200 * MB),
        "HEARTH_ENABLE_NB_RESOURCE_TRACKER", "true"))) {
      String app = full.app("full");
      String a = full.fn(app, "a", image, "\"memory\":128");
      String b = full.fn(app, "b", image, "\"memory\":128");
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<HttpResponse<String>> busy = pool.submit(() -> full.invoke(a, "sleep 4000"));
        await("a's container is busy", () -> containersOf(full, a).stream().anyMatch(c -> !c.idle()));
        HttpResponse<String> refused = full.invoke(b, "echo\nx");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(full.json(refused).get("message").asText()).isEqualTo(TOO_BUSY);
        assertThat(busy.get().statusCode()).isEqualTo(200);
      }
      assertThat(full.json(full.send("GET", "/v2/node", null)).get("refused").asInt()).isEqualTo(1);
    }
  }

  @Test
  void inBlockingModeACallWaitsAtMostTheMaximumQueueWait() throws Exception {
    try (TestServer full = TestServer.start(Map.of("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(200 * MB),
        "HEARTH_MAX_QUEUE_WAIT_MSECS", "1000"))) {
      String app = full.app("queue");
      String a = full.fn(app, "a", image, "\"memory\":128");
      String b = full.fn(app, "b", image, "\"memory\":128");
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<HttpResponse<String>> busy = pool.submit(() -> full.invoke(a, "sleep 5000"));
        await("a's container is busy", () -> containersOf(full, a).stream().anyMatch(c -> !c.idle()));
        HttpResponse<String> waited = full.invoke(b, "echo\nx");
        assertThat(waited.statusCode()).isEqualTo(503);
        assertThat(full.json(waited).get("message").asText()).isEqualTo(TOO_BUSY);
        assertThat(busy.get().statusCode()).isEqualTo(200);
        // a is idle now and can be evicted: b gets its container
        assertThat(full.invoke(b, "echo\nnow").body()).isEqualTo("now");
      }
    }
  }

  @Test
  void aClientThatDisconnectsWhileWaitingLeavesTheQueue() throws Exception {
    try (TestServer full = TestServer.start(Map.of("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(200 * MB),
        "HEARTH_MAX_QUEUE_WAIT_MSECS", "60000"))) {
      String app = full.app("leave");
      String a = full.fn(app, "a", image, "\"memory\":128");
      String b = full.fn(app, "b", image, "\"memory\":128");
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<HttpResponse<String>> busy = pool.submit(() -> full.invoke(a, "sleep 8000"));
        await("a's container is busy", () -> containersOf(full, a).stream().anyMatch(c -> !c.idle()));
        byte[] body = "echo\nx".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), full.server.port())) {
          client.getOutputStream().write(("POST /invoke/" + b + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Length: " + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
          client.getOutputStream().write(body);
          client.getOutputStream().flush();
          await("b's call waits for room", () -> full.server.agent().status().callsWaiting() == 1);
        } // the client hangs up
        await("b's call left the queue", () -> full.server.agent().status().callsWaiting() == 0);
        assertThat(busy.isDone()).as("a's 8 s call is still running, so nothing else emptied the queue").isFalse();
        assertThat(containersOf(full, b)).isEmpty();
        assertThat(busy.get().statusCode()).isEqualTo(200);
        // the node still serves b: a is idle now and is evicted for it
        assertThat(full.invoke(b, "echo\nnow").body()).isEqualTo("now");
      }
    }
  }

  @Test
  void aResponseOverTheLimitIs502() throws Exception {
    try (TestServer limited = TestServer.start(Map.of("HEARTH_MAX_RESPONSE_SIZE", "1048576"))) {
      String fn = limited.fn(limited.app("limits"), "big", image, null);
      HttpResponse<String> tooBig = limited.invoke(fn, "write 2000000");
      assertThat(tooBig.statusCode()).isEqualTo(502);
      assertThat(limited.json(tooBig).get("message").asText()).isEqualTo("function response body too large");
      assertThat(limited.invoke(fn, "write 1000").body()).hasSize(1000);
    }
  }
}
