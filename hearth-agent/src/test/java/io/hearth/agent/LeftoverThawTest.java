package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.testkit.driver.FakeBehavior;
import io.hearth.testkit.driver.FakeContainerDriver;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 13: a container an earlier run of the node left frozen is thawed before it is
 * stopped and removed (a frozen process ignores SIGTERM, and with cgroup v1 SIGKILL, until thawed).
 */
class LeftoverThawTest {
  @TempDir Path tmp;

  @Test
  void aFrozenLeftoverIsThawedBeforeItIsRemoved() throws Exception {
    ManualClock clock = new ManualClock();
    try (FakeContainerDriver driver = new FakeContainerDriver(clock)) {
      driver.image("fake/left", FakeBehavior.ok().neverListening());
      Map<String, String> mine = Map.of(AgentConfig.NODE_LABEL, "n1");
      Path dir = Files.createDirectories(tmp.resolve("old"));
      String id = driver.create(new ContainerSpec("left", "fake/left", Map.of(), mine, dir, 0, 0, 0, 0, true, 0, null));
      driver.start(id);
      driver.pause(id);
      List<String> thawedWhilePresent = new ArrayList<>();
      Freezer freezer = new Freezer() {
        @Override
        public void freeze(String containerId) {
          driver.pause(containerId);
        }

        @Override
        public void thaw(String containerId) {
          if (driver.present().contains(containerId) && driver.paused(containerId)) {
            thawedWhilePresent.add(containerId);
          }
          driver.unpause(containerId);
        }
      };
      new ContainerOps(driver, freezer, new ConcurrentHashMap<>()).removeLeftovers(mine, tmp.resolve("sockets"));
      assertThat(thawedWhilePresent).containsExactly(id);
      assertThat(driver.present()).doesNotContain(id);
    }
  }
}
