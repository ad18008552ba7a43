package io.hearth.store.calls;

import io.hearth.store.Database;
import io.hearth.store.Jdbc;
import io.hearth.store.Page;
import io.hearth.store.SqlErrors;
import io.hearth.store.StoreException;
import io.hearth.store.TimeCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The {@link CallStore} in the calls and call_logs tables (migrations V2, V7.1, V7.2). Calls are
 * written in batches, each in one transaction (a batch is kept whole or not at all), listed newest
 * first with a keyset cursor on (created_at, id), and deleted by completion time (the index of
 * V7.1, which the dashboard's feed reads too). A call already recorded is left as it is (the first
 * account of a call wins, with its log): in a cluster an lb and a runner may both record a call
 * whose runner went away during it, and one such record must not cost the rest of its batch.
 *
 * <p>That is rare, so a batch is first written with plain {@code INSERT}s; only when one of its
 * ids is recorded already (the unique key refuses it, and the transaction is rolled back) is it
 * written again with {@code INSERT ... SELECT ... WHERE NOT EXISTS} per row, the same SQL for H2
 * and PostgreSQL, which skips those rows; two writers racing on one id make one of them retry
 * that once more. The check per row cost about 8 of an unforced H2 insert's 20 us
 * (docs/benchmarks/call-records.md). Stateless apart from the shared {@link Database}; thread-safe.
 */
public final class JdbcCallStore implements CallStore {

  private static final String COLUMNS = "id, app_id, fn_id, status, created_at, started_at,"
      + " completed_at, queue_us, init_us, exec_us, cold, error";
  static final String SELECT = "SELECT " + COLUMNS + " FROM calls";
  /** Typed where a bare parameter in a SELECT list could be taken for text (PostgreSQL). */
  private static final String INSERT_NEW = "INSERT INTO calls (" + COLUMNS + ") SELECT ?, ?, ?, ?,"
      + " CAST(? AS TIMESTAMP(3) WITH TIME ZONE), CAST(? AS TIMESTAMP(3) WITH TIME ZONE),"
      + " CAST(? AS TIMESTAMP(3) WITH TIME ZONE), ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM calls WHERE id = ?)";
  private static final String INSERT = "INSERT INTO calls (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_LOG_NEW = "INSERT INTO call_logs (call_id, log) VALUES (?, ?)";
  private static final String INSERT_LOG = "INSERT INTO call_logs (call_id, log) SELECT ?, ?"
      + " WHERE NOT EXISTS (SELECT 1 FROM call_logs WHERE call_id = ?)";

  private final Database db;

  public JdbcCallStore(Database db) {
    this.db = db;
  }

  @Override
  public void insert(List<NewCall> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      db.inTransaction(connection -> {
        insertRows(connection, batch, false);
        return null;
      }, JdbcCallStore::conflict);
      return;
    } catch (StoreException.Conflict e) {
      // a call of this batch is recorded already (or twice in it): again, skipping those rows
    }
    Database.Work<Void> skipping = connection -> {
      insertRows(connection, batch, true);
      return null;
    };
    try {
      db.inTransaction(skipping, JdbcCallStore::conflict);
    } catch (StoreException.Conflict e) {
      // another writer committed one of these ids since our check: again, skipping it now
      db.inTransaction(skipping, e2 -> null);
    }
  }

  private static StoreException conflict(SQLException e) {
    return SqlErrors.isUniqueViolation(e) ? new StoreException.Conflict("a call of this batch is recorded already", e)
        : null;
  }

  /** The batch's rows and logs; {@code skipping} those of calls recorded already, else failing on them. */
  private static void insertRows(Connection connection, List<NewCall> batch, boolean skipping) throws SQLException {
    int[] inserted;
    try (PreparedStatement ps = connection.prepareStatement(skipping ? INSERT_NEW : INSERT)) {
      for (NewCall n : batch) {
        CallRecord c = n.call();
        ps.setString(1, c.id());
        ps.setString(2, c.appId());
        ps.setString(3, c.fnId());
        ps.setString(4, c.status());
        Jdbc.setInstant(ps, 5, c.createdAt());
        if (c.startedAt() == null) {
          ps.setNull(6, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          Jdbc.setInstant(ps, 6, c.startedAt());
        }
        Jdbc.setInstant(ps, 7, c.completedAt());
        ps.setLong(8, micros(c.queue()));
        ps.setLong(9, micros(c.init()));
        ps.setLong(10, micros(c.exec()));
        ps.setBoolean(11, c.cold());
        ps.setString(12, c.error());
        if (skipping) {
          ps.setString(13, c.id());
        }
        ps.addBatch();
      }
      inserted = ps.executeBatch();
    }
    List<NewCall> logged = new java.util.ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      // a log goes with the account that was kept: none for a call recorded before
      if (!batch.get(i).log().isEmpty() && inserted[i] != 0) {
        logged.add(batch.get(i));
      }
    }
    if (logged.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(skipping ? INSERT_LOG : INSERT_LOG_NEW)) {
      for (NewCall n : logged) {
        ps.setString(1, n.call().id());
        ps.setString(2, n.log());
        if (skipping) {
          ps.setString(3, n.call().id());
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public Optional<CallRecord> get(String id) {
    return db.queryOne(SELECT + " WHERE id = ?", ps -> ps.setString(1, id), JdbcCallStore::map);
  }

  @Override
  public Optional<String> log(String id) {
    return db.queryOne(
        "SELECT l.log FROM calls c LEFT JOIN call_logs l ON l.call_id = c.id WHERE c.id = ?",
        ps -> ps.setString(1, id),
        r -> {
          String log = r.getString(1);
          return log == null ? "" : log;
        });
  }

  @Override
  public Page<CallRecord> list(CallQuery query) {
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE fn_id = ?");
    if (query.from() != null) {
      sql.append(" AND created_at >= ?");
    }
    if (query.to() != null) {
      sql.append(" AND created_at < ?");
    }
    if (query.status() != null) {
      sql.append(" AND status = ?");
    }
    TimeCursor after = query.after();
    if (after != null) {
      sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    List<CallRecord> items = db.query(sql.toString(), ps -> {
      int i = 1;
      ps.setString(i++, query.fnId());
      if (query.from() != null) {
        Jdbc.setInstant(ps, i++, query.from());
      }
      if (query.to() != null) {
        Jdbc.setInstant(ps, i++, query.to());
      }
      if (query.status() != null) {
        ps.setString(i++, query.status());
      }
      if (after != null) {
        Jdbc.setInstant(ps, i++, after.createdAt());
        Jdbc.setInstant(ps, i++, after.createdAt());
        ps.setString(i++, after.id());
      }
      ps.setInt(i, query.perPage());
    }, JdbcCallStore::map);
    String next = items.size() == query.perPage() ? CallQuery.cursorOf(items.getLast()) : null;
    return new Page<>(items, next);
  }

  @Override
  public int deleteBefore(Instant cutoff, int limit) {
    return db.update(
        "DELETE FROM calls WHERE id IN"
            + " (SELECT id FROM calls WHERE completed_at < ? ORDER BY completed_at LIMIT ?)",
        ps -> {
          Jdbc.setInstant(ps, 1, cutoff);
          ps.setInt(2, limit);
        },
        e -> null);
  }

  private static long micros(Duration d) {
    return d.isNegative() ? 0 : d.toNanos() / 1_000;
  }

  static CallRecord map(ResultSet r) throws SQLException {
    return new CallRecord(
        r.getString("id"),
        r.getString("app_id"),
        r.getString("fn_id"),
        r.getString("status"),
        Jdbc.getInstant(r, "created_at"),
        Jdbc.getInstant(r, "started_at"),
        Jdbc.getInstant(r, "completed_at"),
        Duration.of(r.getLong("queue_us"), ChronoUnit.MICROS),
        Duration.of(r.getLong("init_us"), ChronoUnit.MICROS),
        Duration.of(r.getLong("exec_us"), ChronoUnit.MICROS),
        r.getBoolean("cold"),
        r.getString("error"));
  }
}
