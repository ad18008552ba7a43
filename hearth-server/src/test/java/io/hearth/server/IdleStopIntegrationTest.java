package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.status.NodeStatus;
import io.hearth.docker.testing.TestDocker;
import io.hearth.lb.RunnerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Idle stop on a real runner process (issue 11, point 7): with {@code HEARTH_IDLE_STOP_SECS=2}, a
 * runner that holds nothing and runs nothing reports its idle seconds, then drains and exits 0 by
 * itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleStopIntegrationTest {

  @Test
  void anIdleRunnerExitsZeroByItself() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    Path logs = Files.createTempDirectory("hearth-idle-stop-");
    String id = "t" + UUID.randomUUID().toString().substring(0, 6) + "-idle";
    int grpc = NodeProcess.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_HOST", "127.0.0.1");
    env.put("HEARTH_DOCKER_SOCKET", TestDocker.SOCKET.toString());
    env.put("HEARTH_GRPC_PORT", Integer.toString(grpc));
    env.put("HEARTH_NODE_ID", id);
    env.put("HEARTH_DATA_DIR", logs.resolve(id).toString());
    env.put("HEARTH_SOCKET_DIR", "/tmp/hearth-test/" + id);
    env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(256L << 20));
    env.put("HEARTH_IDLE_STOP_SECS", "2");
    try (NodeProcess runner = NodeProcess.start("idle-runner", List.of("--role", "runner"), env, logs)) {
      runner.awaitRunning(Duration.ofSeconds(90));
      try (RunnerClient client = new RunnerClient("127.0.0.1:" + grpc)) {
        NodeStatus status = client.status(Duration.ofSeconds(5));
        assertThat(status.idle().longestLeaseSecs()).isZero();
        assertThat(status.idle().idleSecs()).as("idle from the start, counted in whole seconds")
            .isBetween(0L, 60L);
      } catch (io.grpc.StatusException e) {
        // it may have stopped already: what matters is how it exits
      }
      Optional<Integer> exit = runner.awaitExit(Duration.ofSeconds(60));
      assertThat(exit).as("the runner exits by itself:\n%s", runner.stderrTail()).contains(0);
      assertThat(runner.stderrTail()).contains("idle for 2 s (HEARTH_IDLE_STOP_SECS)");
    }
  }
}
