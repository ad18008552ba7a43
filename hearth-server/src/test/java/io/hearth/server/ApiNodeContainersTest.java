package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An api node runs no containers: {@code GET /v2/fns/{fn_id}/containers} answers 501 saying where
 * they are (the dashboard shows that message), and 404 for a function that does not exist.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiNodeContainersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static PostgresTestSchema schema;
  static Path dataDir;
  static ApiNode api;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresTestSchema.create();
    dataDir = Files.createTempDirectory("hearth-api-containers-");
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_NODE_TYPE", "api");
    env.put("HEARTH_HOST", "127.0.0.1");
    env.put("HEARTH_PORT", "0");
    env.put("HEARTH_DATA_DIR", dataDir.toString());
    env.put("HEARTH_DB_URL", schema.url());
    env.put("HEARTH_DEMO", "false");
    api = ApiNode.start(ServerConfig.fromEnv(env));
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (schema != null) {
      schema.close();
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void containersAreListedByAllInOneNodesOnly() throws Exception {
    String app = JSON.readTree(send("POST", "/v2/apps", "{\"name\":\"far\"}").body()).get("id").asText();
    HttpResponse<String> fn = send("POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"f\",\"image\":\"x/y\"}");
    assertThat(fn.statusCode()).as(fn.body()).isEqualTo(200);
    String fnId = JSON.readTree(fn.body()).get("id").asText();

    HttpResponse<String> r = send("GET", "/v2/fns/" + fnId + "/containers", null);
    assertThat(r.statusCode()).isEqualTo(501);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains("runners").contains("all-in-one");

    HttpResponse<String> none = send("GET", "/v2/fns/01NOSUCHFN000000000000000/containers", null);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(none.body()).get("message").asText()).isEqualTo("Fn not found");
  }
}
