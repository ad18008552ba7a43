package io.hearth.store.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.Database;
import io.hearth.store.DatastoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration 7.2 on an embedded database that has records from before it: they are read, listed
 * and expired as before, and the index on created_at is gone.
 */
class CallsMigrationTest {
  @TempDir Path dataDir;

  @Test
  void recordsWrittenBeforeMigration72AreReadListedAndExpiredAfterIt() throws Exception {
    DatastoreConfig config = DatastoreConfig.fromUrl("", dataDir);
    Flyway.configure().dataSource(config.url(), null, null).locations("classpath:db/migration")
        .placeholders(Map.of("name_collation", "", "bytes_type", "VARBINARY")).target("7.1").load().migrate();
    try (Connection c = DriverManager.getConnection(config.url()); Statement s = c.createStatement()) {
      s.execute("INSERT INTO calls (id, app_id, fn_id, status, created_at, started_at, completed_at, queue_us, init_us,"
          + " exec_us, cold, error) VALUES ('old-call', 'app', 'fn', 'success', TIMESTAMP WITH TIME ZONE"
          + " '2001-01-01 00:00:00+00', NULL, TIMESTAMP WITH TIME ZONE '2001-01-01 00:00:01+00', 5, 0, 1000000, FALSE,"
          + " NULL)");
      s.execute("INSERT INTO call_logs (call_id, log) VALUES ('old-call', 'from before')");
    }
    try (Database db = Database.open(config)) {
      CallStore store = new JdbcCallStore(db);
      CallRecord old = store.get("old-call").orElseThrow();
      assertThat(old.completedAt()).isEqualTo(Instant.parse("2001-01-01T00:00:01Z"));
      assertThat(store.log("old-call")).contains("from before");
      assertThat(store.list(CallQuery.first("fn", 10)).items()).extracting(CallRecord::id).containsExactly("old-call");
      assertThat(indexes(db)).contains("IX_CALLS_FN_CREATED", "IX_CALLS_COMPLETED").doesNotContain("IX_CALLS_CREATED");
      assertThat(store.deleteBefore(Instant.parse("2001-01-01T00:00:01Z"), 10)).isZero(); // completed at the cutoff
      assertThat(store.deleteBefore(Instant.parse("2001-01-01T00:00:02Z"), 10)).isEqualTo(1);
      assertThat(store.log("old-call")).isEmpty();
    }
  }

  private static java.util.List<String> indexes(Database db) {
    return db.read(c -> {
      java.util.List<String> out = new java.util.ArrayList<>();
      try (ResultSet r = c.getMetaData().getIndexInfo(null, null, "CALLS", false, false)) {
        while (r.next()) {
          out.add(r.getString("INDEX_NAME"));
        }
      }
      return out;
    });
  }
}
