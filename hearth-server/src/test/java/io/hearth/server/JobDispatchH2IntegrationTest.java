package io.hearth.server;

import io.hearth.docker.testing.TestDocker;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JobDispatchScenarios} on an all-in-one node with its embedded H2 datastore. */
class JobDispatchH2IntegrationTest extends JobDispatchScenarios {
  static TestServer node;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    node = TestServer.start(settings(Map.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Override
  TestServer node() {
    return node;
  }
}
