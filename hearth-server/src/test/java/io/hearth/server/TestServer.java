package io.hearth.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.docker.testing.TestDocker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A real all-in-one node for tests: embedded datastore in a temporary directory, the real Docker
 * Engine, a free port on 127.0.0.1. Its containers carry the test labels, so they are removed even
 * if a test dies before {@link #close}.
 */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final HearthServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Path dataDir;
  private final Map<String, String> env;

  private TestServer(HearthServer server, Path dataDir, Map<String, String> env) {
    this.server = server;
    this.dataDir = dataDir;
    this.env = Map.copyOf(env);
  }

  /** Starts a node with these settings on top of the test defaults. */
  static TestServer start(Map<String, String> settings) throws Exception {
    Path dataDir = Files.createTempDirectory("hearth-test-");
    String node = "t" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_PORT", "0");
    env.put("HEARTH_DATA_DIR", dataDir.toString());
    env.put("HEARTH_NODE_ID", node);
    env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + node);
    env.put("HEARTH_DEMO", "false");
    env.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    env.putAll(settings);
    return new TestServer(HearthServer.start(ServerConfig.fromEnv(env), TestDocker.driver()), dataDir, env);
  }

  /**
   * Stops this node (its exec containers keep running) and starts it again on the same data
   * directory and node id, as a restart of the process would; this one must not be used after.
   */
  TestServer restarted() throws Exception {
    server.close();
    return new TestServer(HearthServer.start(ServerConfig.fromEnv(env), TestDocker.driver()), dataDir, env);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  /** Creates an app and returns its id. */
  String app(String name) throws Exception {
    HttpResponse<String> r = send("POST", "/v2/apps", "{\"name\":\"" + name + "\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("creating app: " + r.statusCode() + " " + r.body());
    }
    return json(r).get("id").asText();
  }

  /** Creates a function from a JSON object's fields (app_id and name added) and returns its id. */
  String fn(String appId, String name, String image, String extraJson) throws Exception {
    String body = "{\"app_id\":\"" + appId + "\",\"name\":\"" + name + "\",\"image\":\"" + image + "\""
        + (extraJson == null || extraJson.isEmpty() ? "" : "," + extraJson) + "}";
    HttpResponse<String> r = send("POST", "/v2/fns", body);
    if (r.statusCode() != 200) {
      throw new AssertionError("creating fn: " + r.statusCode() + " " + r.body());
    }
    return json(r).get("id").asText();
  }

  HttpResponse<String> invoke(String fnId, String body) throws Exception {
    return send("POST", "/invoke/" + fnId, body);
  }

  @Override
  public void close() throws IOException {
    server.close();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
