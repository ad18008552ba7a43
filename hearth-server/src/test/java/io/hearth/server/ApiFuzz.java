package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Thousands of malformed requests to the API on 127.0.0.1 (bounded in count and time): broken and
 * truncated JSON, wrong types, oversized bodies and fields, odd unicode, path traversal in names
 * and paths, missing fields, wrong methods. Every answer must be below 500, and every error JSON
 * with a message. Seeded: a failure prints the seed and the request, {@code -Dhearth.fuzz.seed=N}
 * replays it. Function calls are never reached: invoke paths name nothing that exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiFuzz {
  private static final int REQUESTS = Integer.getInteger("hearth.fuzz.requests", 3000);
  private static final Duration TIME_LIMIT = Duration.ofSeconds(90);

  private TestServer node;
  private final List<String> appIds = new ArrayList<>();
  private final List<String> fnIds = new ArrayList<>();
  private final List<String> triggerIds = new ArrayList<>();

  abstract Map<String, String> settings();

  @BeforeAll
  void start() throws Exception {
    node = TestServer.start(settings());
    for (String name : List.of("fz1", "fz2")) {
      String app = node.app(name);
      appIds.add(app);
      String fn = node.fn(app, "f", "hearth-test/never-invoked:1", null);
      fnIds.add(fn);
      triggerIds.add(node.json(node.send("POST", "/v2/triggers", ApiCases.trigger("t", app, fn, "http", "/t")))
          .get("id").asText());
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void malformedRequestsGetJsonErrorsNeverServerErrors() throws Exception {
    long seed = Long.getLong("hearth.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    Fuzzer fuzzer = new Fuzzer(random, appIds, fnIds, triggerIds);
    Map<Integer, Integer> statuses = new TreeMap<>();
    long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
    int sent = 0;
    while (sent < REQUESTS && System.nanoTime() < deadline) {
      Fuzzer.Request r = fuzzer.next();
      RawHttp.Answer a;
      try {
        a = RawHttp.send(node.server.port(), r.method(), r.target(), r.contentType(), r.body());
      } catch (Exception e) {
        throw new AssertionError("seed " + seed + ", request " + sent + ": " + r + ": " + e, e);
      }
      sent++;
      statuses.merge(a.status(), 1, Integer::sum);
      String where = "seed " + seed + ", request " + sent + ": " + r + " -> " + a.status() + " " + shorten(a.text());
      assertThat(a.status()).as(where).isLessThan(500);
      if (a.status() >= 400 && !r.method().equals("HEAD")) {
        assertThat(a.contentType()).as(where).startsWith("application/json");
        JsonNode json;
        try {
          json = TestServer.JSON.readTree(a.body());
        } catch (Exception e) {
          fail(where + ": not JSON");
          return;
        }
        assertThat(json.path("message").isTextual() && !json.path("message").asText().isBlank()).as(where).isTrue();
      }
    }
    System.out.println(getClass().getSimpleName() + ": " + sent + " requests (seed " + seed + "), statuses " + statuses);
    assertThat(sent).isGreaterThanOrEqualTo(Math.min(REQUESTS, 500));
    // the node still works
    assertThat(node.send("GET", "/v2/apps", null).statusCode()).isEqualTo(200);
  }

  private static String shorten(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
