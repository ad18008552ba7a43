package io.hearth.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.server.HearthServer;
import io.hearth.server.ServerConfig;
import io.hearth.uds.HttpWire;
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
 * The node the dashboard's browser tests look at: a real all-in-one node in-process (embedded H2
 * datastore in a temporary directory, the real Docker Engine, a free port on 127.0.0.1, containers
 * carrying the test labels), with helpers to make data through the API (apps, functions, calls)
 * and to read what the API says, which the tests compare with what the page shows. The token, when
 * one is given, is sent with every API request.
 */
public final class UiNode implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  public final HearthServer server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Path dataDir;
  private final String token;

  private UiNode(HearthServer server, Path dataDir, String token) {
    this.server = server;
    this.dataDir = dataDir;
    this.token = token;
  }

  /** Starts a node with these settings over the test defaults (skips when no Docker Engine answers). */
  public static UiNode start(Map<String, String> settings) throws Exception {
    TestDocker.driver(); // skips when no engine answers
    Path dataDir = Files.createTempDirectory("hearth-ui-test-");
    String node = "ui" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_HOST", "127.0.0.1");
    env.put("HEARTH_PORT", "0");
    env.put("HEARTH_DATA_DIR", dataDir.toString());
    env.put("HEARTH_NODE_ID", node);
    env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + node);
    env.put("HEARTH_DEMO", "false");
    env.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    env.putAll(settings);
    HearthServer server = HearthServer.start(ServerConfig.fromEnv(env), TestDocker.driver());
    return new UiNode(server, dataDir, settings.get("HEARTH_API_TOKEN"));
  }

  /** The test function's image (io.hearth.samples.TestFn: "echo", "sleep <ms>", "status <code>", ...), built once. */
  public static String image() {
    return TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
  }

  public int port() {
    return server.port();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET {@code path} as JSON; fails unless 200. */
  public JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Creates an app; returns its id. */
  public String app(String name) throws Exception {
    return created(send("POST", "/v2/apps", "{\"name\":\"" + name + "\"}"), "app");
  }

  /** Creates a function of the test image; returns its id. */
  public String fn(String appId, String name) throws Exception {
    return fn(appId, name, "");
  }

  /** Creates a function of the test image with more fields (JSON members, e.g. {@code "memory":64}); returns its id. */
  public String fn(String appId, String name, String extraJson) throws Exception {
    return created(send("POST", "/v2/fns", "{\"app_id\":\"" + appId + "\",\"name\":\"" + name + "\",\"image\":\""
        + image() + "\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}"), "fn");
  }

  /** Calls a function synchronously; returns the answer. */
  public HttpResponse<String> invoke(String fnId, String body) throws Exception {
    return send("POST", "/invoke/" + fnId, body);
  }

  private static String created(HttpResponse<String> r, String what) throws IOException {
    if (r.statusCode() != 200) {
      throw new AssertionError("creating " + what + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body()).get("id").asText();
  }

  @Override
  public void close() throws IOException {
    server.close();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
