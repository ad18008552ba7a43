package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.status.NodeStatus;
import io.hearth.core.time.Clock;
import io.hearth.docker.testing.TestDocker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A runner serves HTTP on its port like every role: /version, /health (503 once draining) and
 * /metrics (with its retries).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunnerHttpIntegrationTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthSaysWhetherTheRunnerTakesCalls() throws Exception {
    AtomicBoolean draining = new AtomicBoolean();
    ServerConfig config = ServerConfig.fromEnv(Map.of("HEARTH_PORT", "0", "HEARTH_HOST", "127.0.0.1"));
    try (RunnerHttp runner = RunnerHttp.start(config, Clock.system(), () -> NodeStatus.empty("r1"), draining::get,
        null, () -> Map.of("closing", 2L, "connect", 0L, "write", 1L))) {
      String base = "http://127.0.0.1:" + runner.port();
      assertThat(get(base + "/version").body()).contains("\"version\"");
      HttpResponse<String> ok = get(base + "/health");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
      HttpResponse<String> metrics = get(base + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("hearth_build_info", "hearth_containers",
          "hearth_call_retries_total{reason=\"closing\"} 2.0\n", "hearth_call_retries_total{reason=\"write\"} 1.0\n");
      draining.set(true);
      HttpResponse<String> drained = get(base + "/health");
      assertThat(drained.statusCode()).isEqualTo(503);
      assertThat(drained.body()).contains("draining").endsWith("}\n");
    }
  }

  @Test
  void aRunnerNodeServesItsHttpSideBesideGrpc() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    Path data = Files.createTempDirectory("hearth-runner-http-");
    String node = "rh" + UUID.randomUUID().toString().substring(0, 6);
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_NODE_TYPE", "runner");
    env.put("HEARTH_HOST", "127.0.0.1");
    env.put("HEARTH_PORT", "0");
    env.put("HEARTH_GRPC_PORT", "0");
    env.put("HEARTH_DATA_DIR", data.toString());
    env.put("HEARTH_NODE_ID", node);
    env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + node);
    env.put("HEARTH_CONTAINER_LABELS", TestDocker.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    try (RunnerNode runner = RunnerNode.start(ServerConfig.fromEnv(env), TestDocker.driver())) {
      String base = "http://127.0.0.1:" + runner.httpPort();
      assertThat(get(base + "/health").statusCode()).isEqualTo(200);
      assertThat(get(base + "/version").statusCode()).isEqualTo(200);
      assertThat(get(base + "/metrics").body()).contains("hearth_memory_capacity_bytes",
          "hearth_call_retries_total{reason=\"connect\"} 0.0\n"); // the agent's own counts
      assertThat(get(base + "/v2/apps").statusCode()).isEqualTo(404); // no API on a runner
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
