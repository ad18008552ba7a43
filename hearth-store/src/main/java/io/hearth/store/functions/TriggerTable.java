package io.hearth.store.functions;

import io.hearth.core.model.Trigger;
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
 * The triggers table. A trigger belongs to one app for life; its function may change, but only to
 * another function of the same app (the database enforces it). Trigger names repeat across the
 * functions of an app, so app-wide lists order by name, then id, and the cursor carries both.
 * Stateless apart from the shared {@link Database}; thread-safe.
 */
final class TriggerTable implements TriggerStore {

  private static final String COLUMNS =
      "id, app_id, name, fn_id, type, source, annotations, created_at, updated_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM triggers";

  private final Database db;
  private final AppTable apps;

  TriggerTable(Database db, AppTable apps) {
    this.db = db;
    this.apps = apps;
  }

  @Override
  public Trigger insert(Trigger trigger) {
    Trigger row = normalize(trigger);
    db.update("INSERT INTO triggers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, row.id());
          ps.setString(2, row.appId());
          bindFields(ps, 3, row);
        },
        e -> translate(e, row));
    return row;
  }

  @Override
  public Optional<Trigger> get(String id) {
    return db.queryOne(SELECT + " WHERE id = ?", ps -> ps.setString(1, id), TriggerTable::map);
  }

  @Override
  public Optional<Trigger> getBySource(String appId, String source) {
    return db.queryOne(SELECT + " WHERE app_id = ? AND type = ? AND source = ?",
        ps -> {
          ps.setString(1, appId);
          ps.setString(2, HTTP);
          ps.setString(3, source);
        },
        TriggerTable::map);
  }

  @Override
  public Trigger update(Trigger trigger) {
    Trigger row = normalize(trigger);
    int updated = db.update(
        "UPDATE triggers SET name = ?, fn_id = ?, type = ?, source = ?, annotations = ?,"
            + " created_at = ?, updated_at = ? WHERE id = ? AND app_id = ?",
        ps -> {
          int i = bindFields(ps, 1, row);
          ps.setString(i++, row.id());
          ps.setString(i, row.appId());
        },
        e -> translate(e, row));
    if (updated == 0) {
      throw new StoreException.NotFound("Trigger not found");
    }
    return row;
  }

  @Override
  public boolean delete(String id) {
    return db.update("DELETE FROM triggers WHERE id = ?", ps -> ps.setString(1, id), e -> null) > 0;
  }

  @Override
  public Page<Trigger> list(String appId, String fnId, ListQuery query) {
    Objects.requireNonNull(appId, "appId");
    Where where = new Where().and("app_id = ?", appId);
    if (fnId != null) {
      where.and("fn_id = ?", fnId);
    }
    where.page(query, true);
    List<Trigger> items = db.query(SELECT + where.sql() + " ORDER BY name, id LIMIT ?",
        ps -> ps.setInt(where.bind(ps), query.perPage()), TriggerTable::map);
    String next = null;
    if (items.size() == query.perPage()) {
      Trigger last = items.getLast();
      next = Cursor.encode(last.name(), last.id());
    }
    return new Page<>(items, next);
  }

  /** Binds name through updated_at from {@code first} on; returns the next free index. */
  private static int bindFields(PreparedStatement ps, int first, Trigger t) throws SQLException {
    int i = first;
    ps.setString(i++, t.name());
    ps.setString(i++, t.fnId());
    ps.setString(i++, t.type());
    ps.setString(i++, t.source());
    ps.setString(i++, JsonMaps.write(t.annotations()));
    Jdbc.setInstant(ps, i++, t.createdAt());
    Jdbc.setInstant(ps, i++, t.updatedAt());
    return i;
  }

  private static Trigger normalize(Trigger t) {
    Objects.requireNonNull(t.type(), "trigger type");
    Objects.requireNonNull(t.source(), "trigger source");
    Objects.requireNonNull(t.createdAt(), "trigger createdAt");
    Objects.requireNonNull(t.updatedAt(), "trigger updatedAt");
    return new Trigger(t.id(), t.name(), t.appId(), t.fnId(), t.type(), t.source(),
        t.annotations(), Jdbc.millis(t.createdAt()), Jdbc.millis(t.updatedAt()));
  }

  private StoreException translate(SQLException e, Trigger t) {
    if (SqlErrors.isForeignKeyViolation(e)) {
      // Both keys fail when the app is missing; which one the database reports is its choice.
      return new StoreException.NotFound(apps.exists(t.appId()) ? "Fn not found" : "App not found", e);
    }
    if (!SqlErrors.isUniqueViolation(e)) {
      return null;
    }
    if (SqlErrors.names(e, "uq_triggers_fn_name")) {
      return new StoreException.Conflict(
          "A trigger with name '" + t.name() + "' already exists for this function", e);
    }
    if (SqlErrors.names(e, "uq_triggers_source")) {
      return new StoreException.Conflict("A trigger of type '" + t.type() + "' with source '"
          + t.source() + "' already exists in this app", e);
    }
    return new StoreException.Conflict("A trigger with id '" + t.id() + "' already exists", e);
  }

  private static Trigger map(ResultSet r) throws SQLException {
    return new Trigger(
        r.getString("id"),
        r.getString("name"),
        r.getString("app_id"),
        r.getString("fn_id"),
        r.getString("type"),
        r.getString("source"),
        JsonMaps.read(r.getString("annotations")),
        Jdbc.getInstant(r, "created_at"),
        Jdbc.getInstant(r, "updated_at"));
  }
}
