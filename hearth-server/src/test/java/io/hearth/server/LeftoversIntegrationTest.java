package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.AgentConfig;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A node removes the containers an earlier process of the same node left behind, and only those. */
class LeftoversIntegrationTest {

  @Test
  void containersOfTheSameNodeAreRemovedAtStartAndOthersAreLeftAlone() throws Exception {
    DockerDriver driver = TestDocker.driver();
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    String node = "left" + UUID.randomUUID().toString().substring(0, 8);
    String mine = leftover(driver, image, node);
    String someoneElses = leftover(driver, image, node + "-other");
    try (TestServer server = TestServer.start(Map.of("HEARTH_NODE_ID", node))) {
      assertThat(driver.inspect(mine).running()).isFalse();
      assertThat(driver.list(Map.of(AgentConfig.NODE_LABEL, node))).doesNotContain(mine);
      assertThat(driver.inspect(someoneElses).running()).isTrue();
    } finally {
      driver.remove(someoneElses);
      driver.remove(mine);
    }
  }

  /** Starts a container labelled as a node's, as a crashed Hearth process would leave it. */
  private static String leftover(DockerDriver driver, String image, String node) throws Exception {
    Path dir = Files.createTempDirectory("hearth-leftover-");
    Map<String, String> labels = new HashMap<>(TestDocker.labels());
    labels.put(AgentConfig.NODE_LABEL, node);
    String id = driver.create(new ContainerSpec("hearth-" + node + "-" + UUID.randomUUID().toString().substring(0, 6),
        image, Map.of("TESTFN_NO_SOCKET", "1"), labels, dir, 128L << 20, 0, 64, 350, true, 0,
        "1000:1000"));
    driver.start(id);
    return id;
  }
}
