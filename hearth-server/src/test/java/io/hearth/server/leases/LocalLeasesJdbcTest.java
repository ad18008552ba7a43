package io.hearth.server.leases;

import io.hearth.store.TestDatabase;
import io.hearth.store.leases.JdbcLeaseStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The restart scenario on the JDBC lease store, on the embedded H2 database Hearth runs by default. */
class LocalLeasesJdbcTest {
  @RegisterExtension static final TestDatabase DB = TestDatabase.h2();

  @TempDir
  Path dir;

  @Test
  void aRestartedNodeReadoptsFromTheDatabase() {
    RestartScenario.run(new JdbcLeaseStore(DB.database()), dir);
  }
}
