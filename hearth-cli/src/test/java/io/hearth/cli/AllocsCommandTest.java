package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code hearth allocs ...} parsed, sent and printed, against a canned server on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AllocsCommandTest {
  private static final String ALLOC = """
      {"id": "n1.a7", "node_id": "n1", "owner": "me", "labels": {"job": "j1"}, "state": "%s",
       "resources": {"memory_bytes": 536870912, "cpu_mcpus": 1000, "disk_bytes": 1073741824, "gpus": 0},
       "created_at": "2026-01-01T00:00:00.000Z", "last_keepalive_at": "2026-01-01T00:00:00.000Z",
       "expires_at": "%s", "ended_at": null,
       "execs": [{"id": "e1", "alloc_id": "n1.a7", "image": "hearth/busybox", "cmd": ["sh", "-c", "exit 3"],
                  "state": "failed", "exit_code": 3, "oom": false, "error": null}]}
      """;

  private CannedServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicReference<Runnable> stopHook = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = new CannedServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String alloc(String state, Instant expires) {
    return ALLOC.formatted(state, expires);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    Interrupts interrupts = onStop -> {
      stopHook.set(onStop);
      return () -> {};
    };
    Context ctx = new Context(Map.of("HEARTH_URL", server.url(), "USER", "tester"), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Clock.system(), interrupts);
    return Cli.run(args, ctx);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private JsonNode sent(String method, String uri) throws Exception {
    return ApiClient.JSON.readTree(server.bodyOf(method, uri));
  }

  @Test
  void helpNamesEverySubcommandAndSaysWhetherHoldFrees() {
    assertThat(run("allocs", "--help")).isZero();
    assertThat(out()).contains("offers", "create", "get", "list", "keepalive", "free", "exec", "log", "files");
    assertThat(run("allocs", "create", "--help")).isZero();
    assertThat(out()).contains("--memory", "--cpus", "--disk", "--gpus", "--resource", "--owner", "--label",
        "--keepalive", "--offer", "--hold", "--free-on-exit").contains("does not free the alloc");
    assertThat(run("allocs", "exec", "--help")).isZero();
    assertThat(out()).contains("--image", "--timeout", "--env", "--wait", "exit code");
    assertThat(Cli.USAGE).contains("allocs offers|create|get|list|keepalive|free|exec|log|files");
    assertThat(Cli.handles("allocs")).isTrue();
  }

  @Test
  void offersPrintATableAndTheNodesThatDidNotAnswer() {
    server.json("GET /v2/offers", 200, """
        {"items": [{"id": "n1.o3", "node_id": "n1",
                    "available": {"memory_bytes": 2147483648, "cpu_mcpus": 1500, "disk_bytes": 0, "gpus": 1, "fpga": 2},
                    "capacity": {"memory_bytes": 8589934592, "cpu_mcpus": 4000}}],
         "unreachable": ["n3"]}
        """);
    assertThat(run("allocs", "offers")).isZero();
    assertThat(out()).startsWith("NODE").contains("n1.o3")
        .contains("2Gi memory, 1.5 CPUs, 1 GPU, fpga=2").contains("8Gi memory, 4 CPUs")
        .contains("did not answer (their room is unknown): n3");
    server.json("GET /v2/offers", 200, "{\"items\": [], \"unreachable\": []}");
    assertThat(run("allocs", "offers")).isZero();
    assertThat(out()).contains("no node has free memory and CPU now");
  }

  @Test
  void createSendsTheAmountsAsTheApiSpellsThem() throws Exception {
    server.json("POST /v2/allocs", 201, alloc("active", Instant.parse("2026-01-01T00:01:00Z")));
    assertThat(run("allocs", "create", "--memory", "512Mi", "--cpus", "0.5", "--disk", "1Gi", "--gpus", "1",
        "--resource", "fpga=2", "--owner", "me", "--label", "job=j1", "--keepalive", "60", "--offer", "n1.o3")).isZero();
    JsonNode body = sent("POST", "/v2/allocs");
    assertThat(body.path("resources")).isEqualTo(ApiClient.JSON.readTree("""
        {"memory_bytes": 536870912, "cpu_mcpus": 500, "disk_bytes": 1073741824, "gpus": 1, "fpga": 2}"""));
    assertThat(body.path("owner").asText()).isEqualTo("me");
    assertThat(body.path("labels").path("job").asText()).isEqualTo("j1");
    assertThat(body.path("keepalive_secs").asInt()).isEqualTo(60);
    assertThat(body.path("offer_id").asText()).isEqualTo("n1.o3");
    assertThat(out()).contains("created alloc n1.a7 on node n1: 512Mi memory, 1 CPU, 1Gi disk")
        .contains("hearth allocs keepalive n1.a7");

    assertThat(run("allocs", "create", "--memory", "1Gi", "-q")).isZero();
    assertThat(out().strip()).isEqualTo("n1.a7");
    assertThat(sent("POST", "/v2/allocs").path("owner").asText()).isEqualTo("tester");
    assertThat(sent("POST", "/v2/allocs").has("offer_id")).isFalse();
    assertThat(run("allocs", "create", "--memory", "1Gi", "--json")).isZero();
    assertThat(ApiClient.JSON.readTree(out()).path("id").asText()).isEqualTo("n1.a7");
  }

  @Test
  void usageMistakesExit2BeforeAnythingIsSent() {
    assertThat(run("allocs", "create", "--owner", "me")).isEqualTo(2);
    assertThat(err()).contains("say what to reserve");
    assertThat(run("allocs", "create", "--memory", "lots")).isEqualTo(2);
    assertThat(err()).contains("--memory takes bytes");
    assertThat(run("allocs", "create", "--memory", "1Gi", "--keepalive", "0")).isEqualTo(2);
    assertThat(run("allocs", "create", "--memory", "1Gi", "--resource", "fpga")).isEqualTo(2);
    assertThat(err()).contains("NAME=N");
    assertThat(run("allocs", "create", "--memory", "1Gi", "--free-on-exit")).isEqualTo(2);
    assertThat(run("allocs", "list", "--state", "sleeping")).isEqualTo(2);
    assertThat(run("allocs", "exec", "n1.a7", "--", "true")).isEqualTo(2);
    assertThat(err()).contains("--image");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void refusalsExit1WithTheServersMessage() {
    server.json("POST /v2/allocs", 503, "{\"message\": \"not enough memory: 2Gi short on every node\"}");
    assertThat(run("allocs", "create", "--memory", "64Gi")).isEqualTo(1);
    assertThat(err().strip()).isEqualTo("hearth: not enough memory: 2Gi short on every node (503)");
    server.json("POST /v2/allocs/n1.a7/keepalive", 410, "{\"message\": \"alloc expired\"}");
    assertThat(run("allocs", "keepalive", "n1.a7")).isEqualTo(1);
    assertThat(err()).contains("alloc expired (410)");
  }

  @Test
  void getListKeepaliveAndFree() throws Exception {
    server.json("GET /v2/allocs/n1.a7", 200, alloc("active", Instant.parse("2026-01-01T00:02:00Z")));
    assertThat(run("allocs", "get", "n1.a7")).isZero();
    assertThat(out()).contains("STATE      active").contains("LABELS     job=j1")
        .contains("EXPIRES    2026-01-01T00:02:00Z").containsPattern("e1 +failed +3 +hearth/busybox +sh -c exit 3");

    server.json("GET /v2/allocs?owner=me&state=active&per_page=2", 200,
        "{\"items\": [" + alloc("active", Instant.parse("2026-01-01T00:02:00Z")) + "], \"next_cursor\": \"c2\"}");
    assertThat(run("allocs", "list", "--owner", "me", "--state", "active", "--per-page", "2")).isZero();
    assertThat(out()).startsWith("ID").containsPattern("n1.a7 +n1 +me +active +2026-01-01T00:02:00Z +1 +512Mi memory")
        .contains("more: hearth allocs list --owner me --state active --cursor c2");

    server.json("POST /v2/allocs/n1.a7/keepalive", 200, "{\"granted_secs\": 300, \"expires_at\": \"2026-01-01T00:05:00Z\"}");
    assertThat(run("allocs", "keepalive", "n1.a7", "--interval", "600")).isZero();
    assertThat(sent("POST", "/v2/allocs/n1.a7/keepalive").path("interval_secs").asInt()).isEqualTo(600);
    assertThat(out().strip()).isEqualTo("alloc n1.a7 renewed for 300 s, until 2026-01-01T00:05:00Z");

    server.json("DELETE /v2/allocs/n1.a7", 200, alloc("freed", Instant.parse("2026-01-01T00:02:00Z")));
    assertThat(run("allocs", "free", "n1.a7")).isZero();
    assertThat(out().strip()).isEqualTo("freed alloc n1.a7");
    assertThat(server.count("DELETE", "/v2/allocs/n1.a7")).isEqualTo(1);
  }

  @Test
  void execSendsItsCommandAfterTheDoubleDash() throws Exception {
    server.json("POST /v2/allocs/n1.a7/execs", 201, """
        {"id": "e2", "alloc_id": "n1.a7", "image": "hearth/busybox", "cmd": ["sh", "-c", "echo hi > /alloc/x"],
         "state": "pending", "exit_code": null, "oom": false}""");
    assertThat(run("allocs", "exec", "n1.a7", "--image", "hearth/busybox", "--timeout", "30", "--env", "K=V",
        "--memory", "64Mi", "--", "sh", "-c", "echo hi > /alloc/x")).isZero();
    JsonNode body = sent("POST", "/v2/allocs/n1.a7/execs");
    assertThat(body.path("image").asText()).isEqualTo("hearth/busybox");
    assertThat(body.path("cmd")).isEqualTo(ApiClient.JSON.readTree("[\"sh\", \"-c\", \"echo hi > /alloc/x\"]"));
    assertThat(body.path("env").path("K").asText()).isEqualTo("V");
    assertThat(body.path("timeout_secs").asInt()).isEqualTo(30);
    assertThat(body.path("resources").path("memory_bytes").asLong()).isEqualTo(64L << 20);
    assertThat(out()).startsWith("ID").containsPattern("e2 +n1.a7 +pending");
    assertThat(run("allocs", "exec", "n1.a7", "--image", "hearth/busybox", "-q", "--", "true")).isZero();
    assertThat(out().strip()).isEqualTo("e2");
    assertThat(sent("POST", "/v2/allocs/n1.a7/execs").has("resources")).isFalse();
  }

  @Test
  void execWaitPrintsTheLogAndExitsWithTheExecsExitCode() {
    server.json("POST /v2/allocs/n1.a7/execs", 201, """
        {"id": "e2", "alloc_id": "n1.a7", "image": "hearth/busybox", "cmd": ["sh"], "state": "running"}""");
    server.answer("GET /v2/allocs/n1.a7/execs/e2/log?follow=true",
        () -> new CannedServer.Answer(200, "text/plain", "working\n".getBytes(StandardCharsets.UTF_8)));
    server.json("GET /v2/allocs/n1.a7/execs/e2", 200, """
        {"id": "e2", "alloc_id": "n1.a7", "image": "hearth/busybox", "cmd": ["sh"], "state": "failed",
         "exit_code": 3, "oom": false, "error": "exited with 3"}""");
    assertThat(run("allocs", "exec", "n1.a7", "--image", "hearth/busybox", "--wait", "--", "sh")).isEqualTo(3);
    assertThat(out()).isEqualTo("working\n");
    assertThat(err()).contains("exec e2 started in alloc n1.a7").contains("exec e2 failed: exit code 3 (exited with 3)");

    server.json("GET /v2/allocs/n1.a7/execs/e2", 200, """
        {"id": "e2", "alloc_id": "n1.a7", "image": "hearth/busybox", "cmd": ["sh"], "state": "succeeded",
         "exit_code": 0}""");
    assertThat(run("allocs", "exec", "n1.a7", "--image", "hearth/busybox", "--wait", "--", "sh")).isZero();
    assertThat(err()).contains("exec e2 succeeded: exit code 0");
  }

  @Test
  void logAndFilesWriteTheBytesAsTheyCame() {
    server.answer("GET /v2/allocs/n1.a7/execs/e1/log?follow=true",
        () -> new CannedServer.Answer(200, "text/plain", "a\nb\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(run("allocs", "log", "n1.a7", "e1", "--follow")).isZero();
    assertThat(out()).isEqualTo("a\nb\n");
    byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 10, 65};
    server.answer("GET /v2/allocs/n1.a7/files/out/data.bin",
        () -> new CannedServer.Answer(200, "application/octet-stream", binary));
    assertThat(run("allocs", "files", "n1.a7", "/alloc/out/data.bin")).isZero();
    assertThat(out.toByteArray()).isEqualTo(binary);
    server.json("GET /v2/allocs/n1.a7/files/missing", 404, "{\"message\": \"no file missing in /alloc of n1.a7\"}");
    assertThat(run("allocs", "files", "n1.a7", "missing")).isEqualTo(1);
    assertThat(err().strip()).isEqualTo("hearth: no file missing in /alloc of n1.a7 (404)");
  }

  @Test
  void noServerExits3() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    assertThat(run("allocs", "files", "n1.a7", "x", "--url", url)).isEqualTo(3);
    assertThat(err().strip()).isEqualTo("hearth: cannot reach Hearth at " + url + ": is it running? (./hearth server)");
    assertThat(run("allocs", "offers", "--url", url)).isEqualTo(3);
  }

  /** Starts {@code create --hold} on a 2 s lease (renewed every second) and waits for its first renewal. */
  private CompletableFuture<Integer> holding(String... more) throws Exception {
    server.answer("POST /v2/allocs", () -> CannedServer.Answer.json(201, alloc("active", Instant.now().plusSeconds(2))));
    String[] args = new String[7 + more.length];
    System.arraycopy(new String[] {"allocs", "create", "--memory", "1Gi", "--keepalive", "2", "--hold"}, 0, args, 0, 7);
    System.arraycopy(more, 0, args, 7, more.length);
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> run(args));
    while (server.count("POST", "/v2/allocs/n1.a7/keepalive") == 0 && !code.isDone()) {
      Thread.sleep(Duration.ofMillis(20));
    }
    return code;
  }

  @Test
  void createHoldRenewsUntilStoppedAndLeavesTheAllocUnfreed() throws Exception {
    server.answer("POST /v2/allocs/n1.a7/keepalive", () -> CannedServer.Answer.json(200,
        "{\"granted_secs\": 2, \"expires_at\": \"" + Instant.now().plusSeconds(2) + "\"}"));
    CompletableFuture<Integer> code = holding("-q");
    assertThat(code).isNotDone();
    assertThat(sent("POST", "/v2/allocs/n1.a7/keepalive").path("interval_secs").asInt()).isEqualTo(2);
    stopHook.get().run();
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out().strip()).isEqualTo("n1.a7");
    assertThat(err()).contains("holding alloc n1.a7").contains("stopped holding alloc n1.a7; it is not freed");
    assertThat(server.count("DELETE", "/v2/allocs/n1.a7")).isZero();
  }

  @Test
  void createHoldWithFreeOnExitFreesWhenStopped() throws Exception {
    server.answer("POST /v2/allocs/n1.a7/keepalive", () -> CannedServer.Answer.json(200,
        "{\"granted_secs\": 2, \"expires_at\": \"" + Instant.now().plusSeconds(2) + "\"}"));
    server.json("DELETE /v2/allocs/n1.a7", 200, alloc("freed", Instant.now()));
    CompletableFuture<Integer> code = holding("--free-on-exit");
    stopHook.get().run();
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(err()).contains("stopped holding alloc n1.a7 and freed it");
    assertThat(server.count("DELETE", "/v2/allocs/n1.a7")).isEqualTo(1);
  }

  @Test
  void createHoldExits1WhenTheLeaseIsLost() throws Exception {
    server.json("POST /v2/allocs/n1.a7/keepalive", 410, "{\"message\": \"alloc expired\"}");
    CompletableFuture<Integer> code = holding();
    assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(err()).contains("hearth: lost the lease: alloc n1.a7 is gone: alloc expired (410)");
    assertThat(out()).contains("created alloc n1.a7");
  }
}
