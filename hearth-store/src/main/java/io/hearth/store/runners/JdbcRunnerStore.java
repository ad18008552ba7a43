package io.hearth.store.runners;

import io.hearth.store.Database;
import io.hearth.store.Jdbc;
import io.hearth.store.SqlErrors;
import io.hearth.store.StoreException;

import java.time.Instant;
import java.util.List;

/**
 * The {@link RunnerStore} in the runners table (migration V3). A heartbeat updates the runner's row, or inserts it with the next seq when it
 * has none; two runners joining at once may pick the same seq, and the one that loses the unique
 * constraint tries again. Stateless apart from the shared {@link Database}; thread-safe.
 */
public final class JdbcRunnerStore implements RunnerStore {
  /** Joining races are rare (two runners in the same milliseconds); a few tries settle them. */
  private static final int JOIN_TRIES = 20;

  private final Database db;

  public JdbcRunnerStore(Database db) {
    this.db = db;
  }

  @Override
  public void heartbeat(String id, String address, boolean draining, Instant at) {
    for (int attempt = 1; ; attempt++) {
      int updated = db.update("UPDATE runners SET address = ?, draining = ?, heartbeat_at = ? WHERE id = ?", ps -> {
        ps.setString(1, address);
        ps.setBoolean(2, draining);
        Jdbc.setInstant(ps, 3, at);
        ps.setString(4, id);
      }, e -> null);
      if (updated > 0) {
        return;
      }
      try {
        db.update("INSERT INTO runners (id, address, seq, draining, joined_at, heartbeat_at)"
            + " SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM runners", ps -> {
              ps.setString(1, id);
              ps.setString(2, address);
              ps.setBoolean(3, draining);
              Jdbc.setInstant(ps, 4, at);
              Jdbc.setInstant(ps, 5, at);
            }, e -> SqlErrors.isUniqueViolation(e) ? new StoreException.Conflict("runner seq taken", e) : null);
        return;
      } catch (StoreException.Conflict e) {
        if (attempt >= JOIN_TRIES) {
          throw e;
        }
      }
    }
  }

  @Override
  public List<RunnerRow> list() {
    return db.query("SELECT id, address, seq, draining, joined_at, heartbeat_at FROM runners ORDER BY seq",
        ps -> {}, row -> new RunnerRow(row.getString("id"), row.getString("address"), row.getLong("seq"),
            row.getBoolean("draining"), Jdbc.getInstant(row, "joined_at"), Jdbc.getInstant(row, "heartbeat_at")));
  }

  @Override
  public int forget(Instant silentSince) {
    return db.update("DELETE FROM runners WHERE heartbeat_at < ?", ps -> Jdbc.setInstant(ps, 1, silentSince),
        e -> null);
  }
}
