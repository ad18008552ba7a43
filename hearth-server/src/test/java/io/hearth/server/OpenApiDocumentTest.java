package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestDocker;
import io.hearth.server.http.OpenApi;
import io.hearth.server.http.Router;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OpenAPI document at {@code GET /v2/openapi.json} is true: every route an all-in-one, api or
 * lb node registers is in it, and every operation in it is routed by one of them. It reads the
 * routers the nodes really built, so a route added anywhere fails here until the document has it
 * ({@code hearth-server/src/main/resources/io/hearth/server/http/openapi.json}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OpenApiDocumentTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  static TestServer all;
  static ApiNode api;
  static LbNode lb;
  static JsonNode document;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    all = TestServer.start(Map.of("HEARTH_API_TOKEN", "s3cret"));
    api = ApiNode.start(ServerConfig.fromEnv(Map.of("HEARTH_NODE_TYPE", "api", "HEARTH_HOST", "127.0.0.1",
        "HEARTH_PORT", "0", "HEARTH_DATA_DIR", Files.createTempDirectory("hearth-openapi-api-").toString(),
        "HEARTH_DB_URL", "h2:mem:openapi-api-" + TestDocker.RUN_ID)));
    lb = LbNode.start(ServerConfig.fromEnv(Map.of("HEARTH_NODE_TYPE", "lb", "HEARTH_HOST", "127.0.0.1",
        "HEARTH_PORT", "0", "HEARTH_DATA_DIR", Files.createTempDirectory("hearth-openapi-lb-").toString(),
        "HEARTH_RUNNER_ADDRESSES", "127.0.0.1:1", "HEARTH_DB_URL", "h2:mem:openapi-lb-" + TestDocker.RUN_ID)));
    document = TestServer.JSON.readTree(OpenApi.document());
  }

  @AfterAll
  static void stop() throws Exception {
    if (lb != null) {
      lb.close();
    }
    if (api != null) {
      api.close();
    }
    if (all != null) {
      all.close();
    }
  }

  @Test
  void theDocumentIsServedOpenlyAsOpenApi3() throws Exception {
    HttpResponse<String> r = all.send("GET", OpenApi.PATH, null); // no token: the document is open
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    JsonNode served = all.json(r);
    assertThat(served.get("openapi").asText()).startsWith("3.");
    assertThat(served).isEqualTo(document);
    assertThat(all.send("GET", "/v2/apps", null).statusCode()).isEqualTo(401); // the API is not
  }

  @Test
  void everyRouteOfEveryRoleIsDocumented() {
    List<String> missing = new ArrayList<>();
    for (Router router : routers()) {
      for (Router.Registered route : router.routes()) {
        List<String> sample = sample(route.pattern());
        JsonNode path = documentedPath(sample);
        if (path == null) {
          missing.add(route.method() + " " + route.pattern() + " (no documented path matches " + sample + ")");
        } else if (!route.method().equals(Router.ANY) && !path.has(route.method().toLowerCase())) {
          missing.add(route.method() + " " + route.pattern() + " (its path is documented without this method)");
        } else if (route.method().equals(Router.ANY) && methods(path).isEmpty()) {
          missing.add(route.pattern() + " (documented without operations)");
        }
      }
    }
    assertThat(missing).as("routes missing from openapi.json: add them to the document").isEmpty();
  }

  @Test
  void everyDocumentedOperationIsRouted() {
    List<String> unrouted = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = document.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> segments = Arrays.stream(e.getKey().split("/")).filter(s -> !s.isEmpty())
          .map(s -> s.startsWith("{") ? "x1" : s).toList();
      for (String method : methods(e.getValue())) {
        boolean routed = routers().stream().anyMatch(r -> r.match(method.toUpperCase(), segments)
            instanceof Router.Match.Found);
        if (!routed) {
          unrouted.add(method.toUpperCase() + " " + e.getKey());
        }
      }
    }
    assertThat(unrouted).as("operations in openapi.json that no node routes").isEmpty();
  }

  /** Every role (the nodes are here anyway) answers /health as the document says: 200, or 503 with the reason. */
  @Test
  void healthSaysWhetherEachRoleCanTakeWork() throws Exception {
    HttpResponse<String> allInOne = all.send("GET", "/health", null); // open: no token needed
    assertThat(allInOne.statusCode()).isEqualTo(200);
    assertThat(allInOne.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(get(api.port(), "/health").statusCode()).isEqualTo(200);
    // the lb's only runner does not exist: once its first status call fails, the lb cannot take calls
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> lbHealth = get(lb.port(), "/health");
    while (lbHealth.statusCode() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      lbHealth = get(lb.port(), "/health");
    }
    assertThat(lbHealth.statusCode()).isEqualTo(503);
    assertThat(lbHealth.body()).contains("no runner can take calls").endsWith("}\n");
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return all.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<Router> routers() {
    return List.of(all.server.router(), api.router(), lb.router());
  }

  /** Segments a request on this pattern could have: each variable and the rest ("**") one segment. */
  private static List<String> sample(String pattern) {
    return Arrays.stream(pattern.split("/")).filter(s -> !s.isEmpty())
        .map(s -> s.startsWith("{") || s.equals("**") ? "x1" : s).toList();
  }

  /** The documented path whose template matches these segments, or null. */
  private static JsonNode documentedPath(List<String> segments) {
    for (Iterator<Map.Entry<String, JsonNode>> it = document.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> parts = Arrays.stream(e.getKey().split("/")).filter(s -> !s.isEmpty()).toList();
      if (parts.size() != segments.size()) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < parts.size() && match; i++) {
        match = parts.get(i).startsWith("{") || parts.get(i).equals(segments.get(i));
      }
      if (match) {
        return e.getValue();
      }
    }
    return null;
  }

  private static List<String> methods(JsonNode path) {
    List<String> out = new ArrayList<>();
    path.fieldNames().forEachRemaining(n -> {
      if (METHODS.contains(n)) {
        out.add(n);
      }
    });
    return out;
  }
}
