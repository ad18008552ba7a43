package io.hearth.server;

import io.hearth.docker.testing.TestDocker;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JobDispatchScenarios} on an all-in-one node over PostgreSQL (its signals LISTEN/NOTIFY, its
 * dispatcher lock an advisory lock); skipped when PostgreSQL does not answer.
 */
class JobDispatchPostgresIntegrationTest extends JobDispatchScenarios {
  static PostgresTestSchema schema;
  static TestServer node;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    schema = PostgresTestSchema.create();
    node = TestServer.start(settings(Map.of("HEARTH_DB_URL", schema.url())));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Override
  TestServer node() {
    return node;
  }
}
