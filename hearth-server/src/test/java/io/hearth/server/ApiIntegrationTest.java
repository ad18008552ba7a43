package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestDocker;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first slice of Fn's API v2 over real HTTP: apps, fns, and the errors a client sees. */
class ApiIntegrationTest {
  static TestServer node;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    node = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void createsAnAppAndAFunctionWithFnsDefaults() throws Exception {
    HttpResponse<String> app = node.send("POST", "/v2/apps", "{\"name\":\"defaults\",\"config\":{\"A\":\"1\"}}");
    assertThat(app.statusCode()).isEqualTo(200);
    JsonNode a = node.json(app);
    assertThat(a.get("id").asText()).hasSize(26);
    assertThat(a.get("name").asText()).isEqualTo("defaults");
    assertThat(a.get("config").get("A").asText()).isEqualTo("1");
    assertThat(a.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    HttpResponse<String> fn = node.send("POST", "/v2/fns",
        "{\"app_id\":\"" + a.get("id").asText() + "\",\"name\":\"f\",\"image\":\"some/image:1\"}");
    assertThat(fn.statusCode()).isEqualTo(200);
    JsonNode f = node.json(fn);
    assertThat(f.get("memory").asInt()).isEqualTo(128);
    assertThat(f.get("timeout").asInt()).isEqualTo(30);
    assertThat(f.get("idle_timeout").asInt()).isEqualTo(30);
    assertThat(f.get("annotations").get("fnproject.io/fn/invokeEndpoint").asText())
        .isEqualTo(node.url("/invoke/" + f.get("id").asText()));
    assertThat(node.send("GET", "/v2/fns/" + f.get("id").asText(), null).statusCode()).isEqualTo(200);
  }

  @Test
  void invalidJsonIs400() throws Exception {
    HttpResponse<String> r = node.send("POST", "/v2/apps", "{\"name\": ");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(node.json(r).get("message").asText()).isEqualTo("Invalid JSON");
  }

  @Test
  void duplicateAppNameIs409() throws Exception {
    node.app("twice");
    HttpResponse<String> r = node.send("POST", "/v2/apps", "{\"name\":\"twice\"}");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(node.json(r).get("message").asText()).contains("twice");
  }

  @Test
  void badNamesAndLimitsAre400WithAReason() throws Exception {
    assertThat(node.send("POST", "/v2/apps", "{\"name\":\"has space\"}").statusCode()).isEqualTo(400);
    assertThat(node.send("POST", "/v2/apps", "{}").statusCode()).isEqualTo(400);
    String app = node.app("limits");
    HttpResponse<String> r = node.send("POST", "/v2/fns",
        "{\"app_id\":\"" + app + "\",\"name\":\"f\",\"image\":\"x\",\"memory\":9000}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(node.json(r).get("message").asText()).contains("memory");
    assertThat(node.send("POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"f\"}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void functionInAMissingAppIs404() throws Exception {
    HttpResponse<String> r = node.send("POST", "/v2/fns",
        "{\"app_id\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\",\"name\":\"f\",\"image\":\"x\"}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(node.json(r).get("message").asText()).isEqualTo("App not found");
  }

  @Test
  void unknownFunctionPathAndMethodAreJsonErrors() throws Exception {
    HttpResponse<String> fn = node.send("POST", "/invoke/01ARZ3NDEKTSV4RRFFQ69G5FAV", "x");
    assertThat(fn.statusCode()).isEqualTo(404);
    assertThat(node.json(fn).get("message").asText()).isEqualTo("Fn not found");
    HttpResponse<String> path = node.send("GET", "/nowhere", null);
    assertThat(path.statusCode()).isEqualTo(404);
    assertThat(node.json(path).get("message").asText()).isEqualTo("Path not found: GET /nowhere");
    HttpResponse<String> method = node.send("PATCH", "/v2/apps", "{}");
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(node.json(method).get("message").asText()).startsWith("Method not allowed");
  }

  @Test
  void versionAndRootAnswer() throws Exception {
    HttpResponse<String> v = node.send("GET", "/version", null);
    assertThat(v.statusCode()).isEqualTo(200);
    assertThat(node.json(v).get("version").asText()).isEqualTo(HearthServer.VERSION);
    assertThat(node.send("GET", "/", null).statusCode()).isEqualTo(200);
  }

  @Test
  void listsAndDeletesApps() throws Exception {
    String id = node.app("listed");
    HttpResponse<String> list = node.send("GET", "/v2/apps?name=listed", null);
    assertThat(node.json(list).get("items")).hasSize(1);
    assertThat(node.send("DELETE", "/v2/apps/" + id, null).statusCode()).isEqualTo(204);
    assertThat(node.send("GET", "/v2/apps/" + id, null).statusCode()).isEqualTo(404);
  }
}
