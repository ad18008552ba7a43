package io.hearth.store.functions;

import io.hearth.core.model.Fn;
import io.hearth.store.Cursor;
import io.hearth.store.Database;
import io.hearth.store.Jdbc;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.SqlErrors;
import io.hearth.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fns table. A function belongs to one app for life: updates find the row by id and app id and
 * never move it. Stateless apart from the shared {@link Database}; thread-safe.
 */
final class FnTable implements FnStore {

  private static final String COLUMNS = "id, app_id, name, image, memory_mb, timeout_secs,"
      + " idle_timeout_secs, config, annotations, shape, created_at, updated_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM fns";

  private final Database db;

  FnTable(Database db) {
    this.db = db;
  }

  @Override
  public Fn insert(Fn fn) {
    Fn row = normalize(fn);
    db.update("INSERT INTO fns (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, row.id());
          ps.setString(2, row.appId());
          bindFields(ps, 3, row);
        },
        e -> SqlErrors.isForeignKeyViolation(e)
            ? new StoreException.NotFound("App not found", e)
            : conflict(e, row));
    return row;
  }

  @Override
  public Optional<Fn> get(String id) {
    return db.queryOne(SELECT + " WHERE id = ?", ps -> ps.setString(1, id), FnTable::map);
  }

  @Override
  public Optional<Fn> getByName(String appId, String name) {
    return db.queryOne(SELECT + " WHERE app_id = ? AND name = ?",
        ps -> {
          ps.setString(1, appId);
          ps.setString(2, name);
        },
        FnTable::map);
  }

  @Override
  public Fn update(Fn fn) {
    Fn row = normalize(fn);
    int updated = db.update(
        "UPDATE fns SET name = ?, image = ?, memory_mb = ?, timeout_secs = ?, idle_timeout_secs = ?,"
            + " config = ?, annotations = ?, shape = ?, created_at = ?, updated_at = ?"
            + " WHERE id = ? AND app_id = ?",
        ps -> {
          int i = bindFields(ps, 1, row);
          ps.setString(i++, row.id());
          ps.setString(i, row.appId());
        },
        e -> conflict(e, row));
    if (updated == 0) {
      throw new StoreException.NotFound("Fn not found");
    }
    return row;
  }

  @Override
  public boolean delete(String id) {
    return db.update("DELETE FROM fns WHERE id = ?", ps -> ps.setString(1, id), e -> null) > 0;
  }

  @Override
  public Page<Fn> list(String appId, ListQuery query) {
    Objects.requireNonNull(appId, "appId");
    Where where = new Where().and("app_id = ?", appId).page(query, false);
    List<Fn> items = db.query(SELECT + where.sql() + " ORDER BY name LIMIT ?",
        ps -> ps.setInt(where.bind(ps), query.perPage()), FnTable::map);
    String next = items.size() == query.perPage() ? Cursor.encode(items.getLast().name(), null) : null;
    return new Page<>(items, next);
  }

  /** Binds name through updated_at from {@code first} on; returns the next free index. */
  private static int bindFields(PreparedStatement ps, int first, Fn fn) throws SQLException {
    int i = first;
    ps.setString(i++, fn.name());
    ps.setString(i++, fn.image());
    ps.setInt(i++, fn.memoryMb());
    ps.setInt(i++, fn.timeoutSecs());
    ps.setInt(i++, fn.idleTimeoutSecs());
    ps.setString(i++, JsonMaps.write(fn.config()));
    ps.setString(i++, JsonMaps.write(fn.annotations()));
    ps.setString(i++, fn.shape());
    Jdbc.setInstant(ps, i++, fn.createdAt());
    Jdbc.setInstant(ps, i++, fn.updatedAt());
    return i;
  }

  private static Fn normalize(Fn fn) {
    Objects.requireNonNull(fn.createdAt(), "fn createdAt");
    Objects.requireNonNull(fn.updatedAt(), "fn updatedAt");
    return new Fn(fn.id(), fn.name(), fn.appId(), fn.image(), fn.memoryMb(), fn.timeoutSecs(),
        fn.idleTimeoutSecs(), fn.config(), fn.annotations(), fn.shape(),
        Jdbc.millis(fn.createdAt()), Jdbc.millis(fn.updatedAt()));
  }

  private static StoreException conflict(SQLException e, Fn fn) {
    if (!SqlErrors.isUniqueViolation(e)) {
      return null;
    }
    if (SqlErrors.names(e, "uq_fns_app_name")) {
      return new StoreException.Conflict(
          "A function with name '" + fn.name() + "' already exists in this app", e);
    }
    return new StoreException.Conflict("A function with id '" + fn.id() + "' already exists", e);
  }

  private static Fn map(ResultSet r) throws SQLException {
    return new Fn(
        r.getString("id"),
        r.getString("name"),
        r.getString("app_id"),
        r.getString("image"),
        r.getInt("memory_mb"),
        r.getInt("timeout_secs"),
        r.getInt("idle_timeout_secs"),
        JsonMaps.read(r.getString("config")),
        JsonMaps.read(r.getString("annotations")),
        r.getString("shape"),
        Jdbc.getInstant(r, "created_at"),
        Jdbc.getInstant(r, "updated_at"));
  }
}
