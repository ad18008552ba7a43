package io.hearth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.core.ledger.Resources;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a small HTTP server on loopback that answers canned JSON and records what it got. */
class AllocsClientTest {
  private static final String ALLOC = """
      {"id": "n1.a7", "node_id": "n1", "owner": "me", "labels": {"job": "j1"}, "state": "active",
       "resources": {"memory_bytes": 536870912, "cpu_mcpus": 1000, "disk_bytes": 1073741824, "gpus": 0,
                     "fpga": 2},
       "created_at": "2026-01-01T00:00:00.000Z", "last_keepalive_at": "2026-01-01T00:00:00.000Z",
       "expires_at": "2026-01-01T00:02:00.000Z", "ended_at": null,
       "execs": [{"id": "e1", "alloc_id": "n1.a7", "image": "hearth/busybox", "cmd": ["true"],
                  "state": "succeeded", "exit_code": 0, "oom": false,
                  "created_at": "2026-01-01T00:00:01.000Z", "finished_at": "2026-01-01T00:00:02.000Z"}]}
      """;

  private HttpServer server;
  private AllocsClient api;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private volatile Request last;

  record Answer(int status, String type, String body) {}

  record Request(String method, String uri, String authorization, String body) {
    JsonNode json() throws Exception {
      return Wire.JSON.readTree(body);
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String uri = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      last = new Request(ex.getRequestMethod(), uri, ex.getRequestHeaders().getFirst("Authorization"),
          new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Answer a = answers.getOrDefault(ex.getRequestMethod() + " " + uri,
          new Answer(404, "application/json", "{\"message\": \"no route " + uri + "\"}"));
      byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", a.type());
      ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
    api = AllocsClient.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "secret");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(String route, int status, String json) {
    answers.put(route, new Answer(status, "application/json", json));
  }

  @Test
  void offersMapResourceKeysAndNameTheUnreachableNodes() {
    answer("GET /v2/offers", 200, """
        {"items": [{"id": "n1.o3", "node_id": "n1",
                    "available": {"memory_bytes": 1024, "cpu_mcpus": 500, "disk_bytes": 10, "gpus": 1, "fpga": 2},
                    "capacity": {"memory_bytes": 4096, "cpu_mcpus": 2000}}],
         "unreachable": ["n3"]}
        """);
    Offers offers = api.offers();
    assertThat(offers.unreachable()).containsExactly("n3");
    Offer o = offers.items().getFirst();
    assertThat(o.id()).isEqualTo("n1.o3");
    assertThat(o.available()).isEqualTo(new Resources(1024, 500, Map.of("disk", 10L, "gpu", 1L, "fpga", 2L)));
    assertThat(o.capacity()).isEqualTo(new Resources(4096, 2000));
    assertThat(last.authorization()).isEqualTo("Bearer secret");
  }

  @Test
  void createSendsTheRequestAsTheApiSpellsItAndReadsTheAlloc() throws Exception {
    answer("POST /v2/allocs", 201, ALLOC);
    Resources want = new Resources(512L << 20, 1000, Map.of("disk", 1L << 30, "fpga", 2L));
    Alloc a = api.create(AllocRequest.of("me", want).withOffer("n1.o3").withLabels(Map.of("job", "j1"))
        .withKeepalive(Duration.ofSeconds(60)));
    JsonNode sent = last.json();
    assertThat(sent.path("offer_id").asText()).isEqualTo("n1.o3");
    assertThat(sent.path("owner").asText()).isEqualTo("me");
    assertThat(sent.path("keepalive_secs").asLong()).isEqualTo(60);
    assertThat(sent.path("labels").path("job").asText()).isEqualTo("j1");
    assertThat(sent.path("resources").path("memory_bytes").asLong()).isEqualTo(512L << 20);
    assertThat(sent.path("resources").path("cpu_mcpus").asLong()).isEqualTo(1000);
    assertThat(sent.path("resources").path("disk_bytes").asLong()).isEqualTo(1L << 30);
    assertThat(sent.path("resources").path("gpus").asLong()).isZero();
    assertThat(sent.path("resources").path("fpga").asLong()).isEqualTo(2);
    assertThat(sent.path("resources").has("disk")).isFalse();

    assertThat(a.id()).isEqualTo("n1.a7");
    assertThat(a.nodeId()).isEqualTo("n1");
    assertThat(a.state()).isEqualTo(Alloc.State.ACTIVE);
    assertThat(a.resources()).isEqualTo(want);
    assertThat(a.labels()).isEqualTo(Map.of("job", "j1"));
    assertThat(a.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:02:00Z"));
    assertThat(a.endedAt()).isEmpty();
    assertThat(a.execs()).singleElement().satisfies(e -> {
      assertThat(e.state()).isEqualTo(Exec.State.SUCCEEDED);
      assertThat(e.exitCode()).isEqualTo(OptionalInt.of(0));
    });
  }

  @Test
  void refusalsCarryTheirStatusAndTheServersMessage() {
    answer("POST /v2/allocs", 409, "{\"message\": \"offer expired\"}");
    AllocRequest r = AllocRequest.of("me", new Resources(1, 1)).withOffer("n1.o1");
    assertThatThrownBy(() -> api.create(r)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(409);
      assertThat(e.offerExpired()).isTrue();
      assertThat(e.serverMessage()).isEqualTo("offer expired");
      assertThat(e.getMessage()).isEqualTo("offer expired (409)");
    });
    answer("POST /v2/allocs", 503, "{\"message\": \"not enough memory: 1 GiB short\"}");
    assertThatThrownBy(() -> api.create(r)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.shortNow()).isTrue());
    answers.put("GET /v2/allocs/n1.a7", new Answer(502, "text/plain", "bad gateway"));
    assertThatThrownBy(() -> api.get("n1.a7")).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.serverMessage()).isEqualTo("bad gateway");
    });
  }

  @Test
  void keepaliveAsksForWholeSecondsAndAGoneAllocIs410() throws Exception {
    answer("POST /v2/allocs/n1.a7/keepalive", 200, "{\"granted_secs\": 300, \"expires_at\": \"2026-01-01T00:05:00Z\"}");
    Granted g = api.keepalive("n1.a7", Duration.ofMinutes(10));
    assertThat(last.json().path("interval_secs").asLong()).isEqualTo(600);
    assertThat(g).isEqualTo(new Granted(Duration.ofMinutes(5), Instant.parse("2026-01-01T00:05:00Z")));
    answer("POST /v2/allocs/n1.a7/keepalive", 410, "{\"message\": \"alloc expired\"}");
    assertThatThrownBy(() -> api.keepalive("n1.a7", Duration.ofMinutes(1))).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.gone()).isTrue());
  }

  @Test
  void listPassesTheFiltersAndTheCursor() {
    answer("GET /v2/allocs?owner=a+b&state=expired&cursor=c%2F1&per_page=5", 200,
        "{\"items\": [" + ALLOC + "], \"next_cursor\": \"c2\"}");
    AllocPage page = api.list(AllocQuery.ALL.withOwner("a b").withState(Alloc.State.EXPIRED).withCursor("c/1")
        .withPerPage(5));
    assertThat(page.items()).extracting(Alloc::id).containsExactly("n1.a7");
    assertThat(page.nextCursor()).contains("c2");
    answer("GET /v2/allocs", 200, "{\"items\": [], \"next_cursor\": null}");
    assertThat(api.list(AllocQuery.ALL)).isEqualTo(new AllocPage(List.of(), Optional.empty()));
  }

  @Test
  void freeReadsTheFreedAllocWhenTheServerSendsIt() {
    answer("DELETE /v2/allocs/n1.a7", 200, ALLOC.replace("\"active\"", "\"freed\"")
        .replace("\"ended_at\": null", "\"ended_at\": \"2026-01-01T00:01:00Z\""));
    Alloc freed = api.free("n1.a7").orElseThrow();
    assertThat(freed.state()).isEqualTo(Alloc.State.FREED);
    assertThat(freed.endedAt()).contains(Instant.parse("2026-01-01T00:01:00Z"));
    answer("DELETE /v2/allocs/n1.a7", 204, "");
    assertThat(api.free("n1.a7")).isEmpty();
  }

  @Test
  void execSendsItsRequestAndReadsItsState() throws Exception {
    String exec = """
        {"id": "e2", "alloc_id": "n1.a7", "image": "hearth/busybox", "cmd": ["sh", "-c", "exit 3"],
         "env_names": ["K"], "resources": {"memory_bytes": 1048576, "cpu_mcpus": 100, "disk_bytes": 0, "gpus": 0},
         "state": "%s", "exit_code": %s, "oom": %s, "created_at": "2026-01-01T00:00:01Z",
         "started_at": null, "finished_at": %s, "error": %s}
        """;
    answer("POST /v2/allocs/n1.a7/execs", 201, exec.formatted("pending", "null", "false", "null", "null"));
    Exec e = api.exec("n1.a7", ExecRequest.of("hearth/busybox", List.of("sh", "-c", "exit 3"))
        .withEnv(Map.of("K", "V")).withTimeout(Duration.ofSeconds(30)).withResources(new Resources(1L << 20, 100)));
    JsonNode sent = last.json();
    assertThat(sent.path("image").asText()).isEqualTo("hearth/busybox");
    assertThat(sent.path("cmd")).hasSize(3);
    assertThat(sent.path("env").path("K").asText()).isEqualTo("V");
    assertThat(sent.path("timeout_secs").asLong()).isEqualTo(30);
    assertThat(sent.path("resources").path("memory_bytes").asLong()).isEqualTo(1L << 20);
    assertThat(e.state()).isEqualTo(Exec.State.PENDING);
    assertThat(e.envNames()).containsExactly("K");
    assertThat(e.resources()).isEqualTo(new Resources(1L << 20, 100));
    assertThat(e.exitCode()).isEmpty();

    answer("GET /v2/allocs/n1.a7/execs/e2", 200,
        exec.formatted("failed", "137", "true", "\"2026-01-01T00:00:09Z\"", "\"out of memory\""));
    Exec done = api.getExec("n1.a7", "e2");
    assertThat(done.state().finished()).isTrue();
    assertThat(done.exitCode()).isEqualTo(OptionalInt.of(137));
    assertThat(done.oom()).isTrue();
    assertThat(done.error()).contains("out of memory");
    assertThat(done.finishedAt()).contains(Instant.parse("2026-01-01T00:00:09Z"));
  }

  @Test
  void logsAndFilesAreStreamsAndAMissingFileIs404() throws Exception {
    answers.put("GET /v2/allocs/n1.a7/execs/e2/log?follow=true", new Answer(200, "text/plain", "line 1\nline 2\n"));
    try (InputStream in = api.log("n1.a7", "e2", true)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\n");
    }
    answers.put("GET /v2/allocs/n1.a7/files/out/a%20b.txt", new Answer(200, "application/octet-stream", "hello"));
    try (InputStream in = api.file("n1.a7", "/out/a b.txt")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    answer("GET /v2/allocs/n1.a7/files/nope", 404, "{\"message\": \"no file nope in alloc n1.a7\"}");
    assertThatThrownBy(() -> api.file("n1.a7", "nope")).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.notFound()).isTrue();
      assertThat(e.serverMessage()).isEqualTo("no file nope in alloc n1.a7");
    });
  }

  @Test
  void anAnswerThatIsNotTheApisIsAFailureWithoutStatus() {
    answer("GET /v2/allocs/n1.a7", 200, "{\"id\": \"n1.a7\", \"state\": \"sleeping\"}");
    assertThatThrownBy(() -> api.get("n1.a7")).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.noAnswer()).isTrue();
      assertThat(e.getMessage()).contains("not what the leases API promises");
    });
    answers.put("GET /v2/offers", new Answer(200, "text/html", "<html>"));
    assertThatThrownBy(() -> api.offers()).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.getMessage()).contains("not JSON"));
  }

  @Test
  void noServerIsAFailureWithoutStatusThatSaysWhere() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    AllocsClient nowhere = AllocsClient.create(URI.create("http://127.0.0.1:" + port), null);
    assertThatThrownBy(nowhere::offers).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.noAnswer()).isTrue();
      assertThat(e.getMessage()).isEqualTo("cannot reach Hearth at http://127.0.0.1:" + port + ": is it running?");
    });
    assertThatThrownBy(() -> AllocsClient.create(URI.create("ftp://x"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an http URL");
  }
}
