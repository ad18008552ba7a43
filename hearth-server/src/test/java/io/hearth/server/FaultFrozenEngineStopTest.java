package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 item 13: a frozen function container ignores the engine's SIGTERM, so an engine that
 * stops while one is frozen waited out its stop timeout (the engine's default, 10 s) on it. Hearth
 * cannot thaw it first when it is not there to see the engine go: here the node is killed
 * (SIGKILL) with its container frozen, then the engine (a private dockerd, never the machine's) is
 * stopped. The container was created with a short stop timeout, so the engine kills it (runc thaws
 * a frozen cgroup for SIGKILL) after about a second and stops well within its default 10 s.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FaultFrozenEngineStopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The engine's own default stop timeout, which a frozen container used to cost its shutdown. */
  private static final Duration ENGINE_DEFAULT_STOP = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void anEngineStoppingWithAFrozenContainerDoesNotWaitOutTheDefaultStopTimeout() throws Exception {
    TestDocker.driver(); // skips when the machine's engine (the image's source) does not answer
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    PrivateDockerd.Started started = PrivateDockerd.start();
    Assumptions.assumeTrue(started.engine() != null, () -> "no private Docker Engine: " + started.whyNot());
    try (PrivateDockerd engine = started.engine()) {
      engine.loadFrom(TestDocker.SOCKET, image);
      Path logs = Files.createTempDirectory("hearth-fault-frozen-");
      String id = "t" + UUID.randomUUID().toString().substring(0, 6) + "-fz";
      Map<String, String> env = new HashMap<>();
      env.put("HEARTH_HOST", "127.0.0.1");
      env.put("HEARTH_PORT", Integer.toString(NodeProcess.freePort()));
      env.put("HEARTH_DOCKER_SOCKET", engine.socket().toString());
      env.put("HEARTH_NODE_ID", id);
      env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
      env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
      env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(512L << 20));
      env.put("HEARTH_FREEZE_IDLE_MSECS", "50");
      String container;
      try (NodeProcess node = NodeProcess.start("fault-frozen", List.of(), env, logs)) {
        String base = node.awaitRunning(Duration.ofSeconds(90));
        String app = id(send(base, "POST", "/v2/apps", "{\"name\":\"fz\"}"));
        String fn = id(send(base, "POST", "/v2/fns", "{\"app_id\":\"" + app + "\",\"name\":\"idle\",\"image\":\""
            + image + "\",\"memory\":64,\"timeout\":20,\"idle_timeout\":300}"));
        HttpResponse<String> r = send(base, "POST", "/invoke/" + fn, "echo\nhi");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(awaitFrozen(base, Duration.ofSeconds(30))).as("the idle container is frozen").isTrue();
        Thread.sleep(500); // the pool counts it frozen when it decides to; the freezer acts just after
        node.kill(); // Hearth is gone: nobody thaws the container before the engine stops it
      }
      container = docker(engine, "ps", "-q", "--no-trunc", "--filter", "label=io.hearth.node=" + id).strip();
      assertThat(container).as("the node's container outlived it").isNotEmpty().doesNotContain("\n");
      assertThat(docker(engine, "inspect", "-f", "{{.Config.StopTimeout}}", container).strip()).isEqualTo("1");
      long pid = Long.parseLong(docker(engine, "inspect", "-f", "{{.State.Pid}}", container).strip());
      assertThat(freezerState(pid)).as("the container is still frozen when the engine stops").isEqualTo("FROZEN");

      long t0 = System.nanoTime();
      engine.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      System.out.println("the engine stopped in " + took.toMillis() + " ms with a frozen container");
      assertThat(took).as("the engine's shutdown with one frozen container (its default stop timeout is %s s)",
          ENGINE_DEFAULT_STOP.toSeconds()).isLessThan(ENGINE_DEFAULT_STOP.minusSeconds(2));
    }
  }

  private boolean awaitFrozen(String base, Duration bound) throws Exception {
    long until = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < until) {
      JsonNode n = JSON.readTree(send(base, "GET", "/v2/node", "").body());
      if (n.path("containers").path("frozen").asInt() == 1) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** The freezer state of the process's cgroup: v1's freezer.state, or FROZEN/THAWED from v2's cgroup.freeze. */
  private static String freezerState(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && List.of(f[1].split(",")).contains("freezer")) {
        return Files.readString(Path.of("/sys/fs/cgroup/freezer" + f[2], "freezer.state")).strip();
      }
      if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
        Path freeze = Path.of("/sys/fs/cgroup" + f[2], "cgroup.freeze");
        if (Files.exists(freeze)) {
          return Files.readString(freeze).strip().equals("1") ? "FROZEN" : "THAWED";
        }
      }
    }
    return "no freezer cgroup";
  }

  private static String docker(PrivateDockerd engine, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("docker", "-H", "unix://" + engine.socket()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("%s: %s", cmd, out).isTrue();
    return out;
  }

  private static String id(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("id").asText();
  }

  private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
