package io.hearth.store.jobs;

import io.hearth.store.DatastoreConfig;
import java.sql.PreparedStatement;

/** Cuts one test session's connection from the server side, as a lost network or a killed process would. */
final class PgTestSessions {
  private PgTestSessions() {}

  /** Terminates exactly backend {@code pid} (one this test opened), and no other. */
  static void terminate(DatastoreConfig config, int pid) throws Exception {
    try (PgSession admin = PgSession.open(config, "hearth-test-admin");
        PreparedStatement ps = admin.connection().prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, pid);
      try (var r = ps.executeQuery()) {
        r.next();
        if (!r.getBoolean(1)) {
          throw new IllegalStateException("backend " + pid + " was not terminated");
        }
      }
    }
  }
}
