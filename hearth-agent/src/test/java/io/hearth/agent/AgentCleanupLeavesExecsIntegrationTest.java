package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.exec.DockerExecRunner;
import io.hearth.agent.exec.ExecSettings;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.ledger.Resources;
import io.hearth.core.pool.KeepAlivePolicy;
import io.hearth.core.pool.LruEviction;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function agent's start-up cleanup removes the containers an earlier process of its node left
 * behind, but not the node's exec containers: those outlive a restart, to be adopted.
 */
class AgentCleanupLeavesExecsIntegrationTest {
  @TempDir Path dir;

  @Test
  void startUpCleanupRemovesFunctionLeftoversAndLeavesExecContainersRunning() throws Exception {
    DockerDriver driver = TestDocker.driver();
    String image = TestImages.busybox();
    String nodeId = "t" + UUID.randomUUID().toString().substring(0, 8);
    AgentConfig config = AgentConfig.defaults(nodeId, dir.resolve("sockets"));
    String execId = null;
    String fnId = null;
    try (TimerThread timer = TimerThread.start("cleanup-test-timer")) {
      DockerExecRunner execs = new DockerExecRunner(
          new ExecSettings(nodeId, TestDocker.labels(), 64, 350, true, "1000:1000", config.pullTimeout(), 1 << 20),
          driver, Clock.system(), timer);
      execId = execs.start(new ExecLaunch(nodeId + ".a1", "e1", image, List.of("sleep", "300"), Map.of(),
          new Resources(32L << 20, 0), Map.of(), Optional.empty(), dir.resolve("scratch"), dir.resolve("e1.log")),
          o -> {});
      execs.close(); // the Hearth process goes away

      Map<String, String> fnLabels = new HashMap<>(TestDocker.labels());
      fnLabels.put(AgentConfig.NODE_LABEL, nodeId);
      fnId = driver.create(new ContainerSpec("hearth-" + nodeId + "-leftover", image, Map.of(), fnLabels,
          TestDocker.socketDir(dir.resolve("leftover")), 32L << 20, 0, 0, 0, false, 0, "", List.of("sleep", "300"),
          List.of(), 0));
      driver.start(fnId);

      try (Agent agent = new Agent(config, driver, Clock.system(), timer, new SplittableRandom(1), new LruEviction(),
          KeepAlivePolicy.fixedPerFunction(), new EngineFreezer(driver), ContainerOutput.NONE)) {
        agent.start();
        assertThat(driver.inspect(fnId)).as("the function leftover").isEqualTo(ContainerState.gone());
        assertThat(driver.inspect(execId).running()).as("the exec container").isTrue();
      }
    } finally {
      for (String id : new String[] {execId, fnId}) {
        if (id != null) {
          driver.remove(id);
        }
      }
    }
  }
}
