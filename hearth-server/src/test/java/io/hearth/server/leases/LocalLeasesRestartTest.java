package io.hearth.server.leases;

import io.hearth.testkit.store.InMemoryLeaseStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLeasesRestartTest {
  @TempDir
  Path dir;

  @Test
  void aRestartedNodeReadoptsItsAllocsAndRunningExecs() {
    RestartScenario.run(new InMemoryLeaseStore(), dir);
  }
}
