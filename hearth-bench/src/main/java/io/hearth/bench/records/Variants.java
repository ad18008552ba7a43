package io.hearth.bench.records;

import io.hearth.store.Database;
import io.hearth.store.Jdbc;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.JdbcCallStore;
import io.hearth.store.calls.NewCall;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ways of writing call records that {@link RecordWrites} compares. {@code before} is a frozen
 * copy of the schema (migrations V2 and V7.1) and the insert as they were before issue 16's change
 * (an {@code INSERT ... SELECT ... WHERE NOT EXISTS} per row, then the logs the same way): the
 * reference the others are measured against in the same run. {@code store} is the production
 * {@link JdbcCallStore} on the schema the migrations make today.
 */
final class Variants {
  private Variants() {}

  private static final String TABLE = """
      CREATE TABLE calls (
        id VARCHAR(64) NOT NULL, app_id VARCHAR(64) NOT NULL, fn_id VARCHAR(64) NOT NULL,
        status VARCHAR(32) NOT NULL, created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        started_at TIMESTAMP(3) WITH TIME ZONE, completed_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        queue_us BIGINT NOT NULL, init_us BIGINT NOT NULL, exec_us BIGINT NOT NULL, cold BOOLEAN NOT NULL,
        error VARCHAR(2048), CONSTRAINT pk_calls PRIMARY KEY (id))""";
  private static final String LOGS = """
      CREATE TABLE call_logs (call_id VARCHAR(64) NOT NULL, log VARCHAR NOT NULL,
        CONSTRAINT pk_call_logs PRIMARY KEY (call_id),
        CONSTRAINT fk_call_logs_call FOREIGN KEY (call_id) REFERENCES calls (id) ON DELETE CASCADE)""";
  private static final String FN_CREATED = "CREATE INDEX ix_calls_fn_created ON calls (fn_id, created_at, id)";
  private static final String CREATED = "CREATE INDEX ix_calls_created ON calls (created_at)";
  private static final String COMPLETED = "CREATE INDEX ix_calls_completed ON calls (completed_at, id)";
  private static final List<String> DROP = List.of("DROP TABLE IF EXISTS call_logs", "DROP TABLE IF EXISTS calls");

  private static final String COLUMNS = "id, app_id, fn_id, status, created_at, started_at,"
      + " completed_at, queue_us, init_us, exec_us, cold, error";
  private static final String BEFORE_INSERT = "INSERT INTO calls (" + COLUMNS + ") SELECT ?, ?, ?, ?,"
      + " CAST(? AS TIMESTAMP(3) WITH TIME ZONE), CAST(? AS TIMESTAMP(3) WITH TIME ZONE),"
      + " CAST(? AS TIMESTAMP(3) WITH TIME ZONE), ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM calls WHERE id = ?)";
  private static final String BEFORE_LOG = "INSERT INTO call_logs (call_id, log) SELECT ?, ?"
      + " WHERE NOT EXISTS (SELECT 1 FROM call_logs WHERE call_id = ?)";
  private static final String PLAIN_INSERT = "INSERT INTO calls (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String PLAIN_LOG = "INSERT INTO call_logs (call_id, log) VALUES (?, ?)";

  /** Every variant by name, in the order they are run. */
  static Map<String, Variant> all() {
    Map<String, Variant> out = new java.util.LinkedHashMap<>();
    out.put("before", new Variant("before", "schema and insert before issue 16 (4 indexes, NOT EXISTS per row)",
        schema(FN_CREATED, CREATED, COMPLETED), Variants::before));
    out.put("store", new Variant("store", "JdbcCallStore on the migrated schema (today's production path)",
        List.of(), (db, batch) -> new JdbcCallStore(db).insert(batch)));
    out.put("plain", new Variant("plain", "before's schema, plain INSERT batch (no NOT EXISTS)",
        schema(FN_CREATED, CREATED, COMPLETED), (db, batch) -> plain(db, batch)));
    out.put("plain-3ix", new Variant("plain-3ix", "plain, without ix_calls_created",
        schema(FN_CREATED, COMPLETED), (db, batch) -> plain(db, batch)));
    out.put("plain-2ix", new Variant("plain-2ix", "plain, without ix_calls_created and ix_calls_completed",
        schema(FN_CREATED), (db, batch) -> plain(db, batch)));
    out.put("plain-pk", new Variant("plain-pk", "plain, primary key only (a floor: the API needs the indexes)",
        schema(), (db, batch) -> plain(db, batch)));
    out.put("multirow-3ix", new Variant("multirow-3ix", "plain-3ix, as multi-row INSERTs of up to 50 rows",
        schema(FN_CREATED, COMPLETED), Variants::multirow));
    out.put("before-3ix", new Variant("before-3ix", "before's insert, without ix_calls_created",
        schema(FN_CREATED, COMPLETED), Variants::before));
    return out;
  }

  private static List<String> schema(String... indexes) {
    List<String> ddl = new ArrayList<>(DROP);
    ddl.add(TABLE);
    ddl.addAll(List.of(indexes));
    ddl.add(LOGS);
    return ddl;
  }

  private static void before(Database db, List<NewCall> batch) {
    db.inTransaction(c -> {
      int[] inserted = rows(c, BEFORE_INSERT, batch, true);
      logs(c, BEFORE_LOG, batch, inserted, true);
      return null;
    }, e -> null);
  }

  private static void plain(Database db, List<NewCall> batch) {
    db.inTransaction(c -> {
      int[] inserted = rows(c, PLAIN_INSERT, batch, false);
      logs(c, PLAIN_LOG, batch, inserted, false);
      return null;
    }, e -> null);
  }

  private static final int ROWS_PER_INSERT = 50;

  private static void multirow(Database db, List<NewCall> batch) {
    db.inTransaction(c -> {
      for (int from = 0; from < batch.size(); from += ROWS_PER_INSERT) {
        List<NewCall> part = batch.subList(from, Math.min(batch.size(), from + ROWS_PER_INSERT));
        StringBuilder sql = new StringBuilder("INSERT INTO calls (" + COLUMNS + ") VALUES ");
        for (int i = 0; i < part.size(); i++) {
          sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
          int p = 1;
          for (NewCall n : part) {
            CallRecord r = n.call();
            ps.setString(p++, r.id());
            ps.setString(p++, r.appId());
            ps.setString(p++, r.fnId());
            ps.setString(p++, r.status());
            Jdbc.setInstant(ps, p++, r.createdAt());
            if (r.startedAt() == null) {
              ps.setNull(p++, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
              Jdbc.setInstant(ps, p++, r.startedAt());
            }
            Jdbc.setInstant(ps, p++, r.completedAt());
            ps.setLong(p++, micros(r.queue()));
            ps.setLong(p++, micros(r.init()));
            ps.setLong(p++, micros(r.exec()));
            ps.setBoolean(p++, r.cold());
            ps.setString(p++, r.error());
          }
          ps.executeUpdate();
        }
      }
      int[] all = new int[batch.size()];
      java.util.Arrays.fill(all, 1);
      logs(c, PLAIN_LOG, batch, all, false);
      return null;
    }, e -> null);
  }

  private static int[] rows(Connection c, String sql, List<NewCall> batch, boolean idAgain) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (NewCall n : batch) {
        CallRecord r = n.call();
        ps.setString(1, r.id());
        ps.setString(2, r.appId());
        ps.setString(3, r.fnId());
        ps.setString(4, r.status());
        Jdbc.setInstant(ps, 5, r.createdAt());
        if (r.startedAt() == null) {
          ps.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          Jdbc.setInstant(ps, 6, r.startedAt());
        }
        Jdbc.setInstant(ps, 7, r.completedAt());
        ps.setLong(8, micros(r.queue()));
        ps.setLong(9, micros(r.init()));
        ps.setLong(10, micros(r.exec()));
        ps.setBoolean(11, r.cold());
        ps.setString(12, r.error());
        if (idAgain) {
          ps.setString(13, r.id());
        }
        ps.addBatch();
      }
      return ps.executeBatch();
    }
  }

  private static void logs(Connection c, String sql, List<NewCall> batch, int[] inserted, boolean idAgain)
      throws SQLException {
    List<NewCall> logged = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (!batch.get(i).log().isEmpty() && inserted[i] != 0) {
        logged.add(batch.get(i));
      }
    }
    if (logged.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (NewCall n : logged) {
        ps.setString(1, n.call().id());
        ps.setString(2, n.log());
        if (idAgain) {
          ps.setString(3, n.call().id());
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static long micros(Duration d) {
    return d.isNegative() ? 0 : d.toNanos() / 1_000;
  }
}
