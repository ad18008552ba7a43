package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs API on an api node (in-process, no runners) over the shared datastore, PostgreSQL: the
 * queue is served and its lock rules hold there as on an all-in-one node, and its metrics count the changes.
 */
class ApiNodeJobsIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static PostgresTestSchema schema;
  static Path dataDir;
  static ApiNode api;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresTestSchema.create();
    dataDir = Files.createTempDirectory("hearth-api-jobs-");
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
  void anApiNodeServesTheQueueFromTheSharedDatastore() throws Exception {
    HttpResponse<String> submitted = send("POST", "/v2/jobs", "{\"image\":\"busybox:1.36\",\"command\":[\"true\"],"
        + "\"priority\":900}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    String id = JSON.readTree(submitted.body()).get("id").asText();
    send("POST", "/v2/jobs", "{\"image\":\"busybox:1.36\",\"command\":[\"true\"],\"priority\":100}");

    JsonNode queue = JSON.readTree(send("GET", "/v2/jobs?order=scheduler&limit=1", null).body());
    assertThat(queue.get("items").get(0).get("id").asText()).isEqualTo(id);
    assertThat(queue.has("next_cursor")).isTrue();

    assertThat(send("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"a\"}").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/v2/jobs/" + id + "/lock", "{\"dispatcher\":\"b\"}").statusCode()).isEqualTo(409);
    assertThat(send("POST", "/v2/jobs/" + id + "/unlock", "{\"dispatcher\":\"b\"}").statusCode()).isEqualTo(403);
    HttpResponse<String> cancelled = send("POST", "/v2/jobs/" + id + "/cancel", null);
    assertThat(JSON.readTree(cancelled.body()).get("state").asText()).isEqualTo("cancelled");
    HttpResponse<String> refused = send("PATCH", "/v2/jobs/" + id, "{\"priority\":1}");
    assertThat(refused.statusCode()).isEqualTo(409);

    // The metrics count what applied through this node (one lock, one cancel; not the refused ones).
    String metrics = send("GET", "/metrics", null).body();
    assertThat(metrics).contains("hearth_job_locks_total 1.0\n", "hearth_jobs_ended_total{outcome=\"cancelled\"} 1.0\n")
        .contains("hearth_jobs{state=\"cancelled\"} 1.0\n", "hearth_jobs{state=\"queued\"} 1.0\n");
  }
}
