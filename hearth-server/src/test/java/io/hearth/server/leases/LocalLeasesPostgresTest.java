package io.hearth.server.leases;

import io.hearth.store.TestDatabase;
import io.hearth.store.leases.JdbcLeaseStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The restart scenario on the JDBC lease store on the local PostgreSQL (skipped when it is not reachable). */
class LocalLeasesPostgresTest {
  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  @TempDir
  Path dir;

  @Test
  void aRestartedNodeReadoptsFromPostgres() {
    RestartScenario.run(new JdbcLeaseStore(DB.database()), dir);
  }
}
