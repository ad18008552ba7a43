package io.hearth.store.functions;

import io.hearth.core.model.App;
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

/** The apps table. Stateless apart from the shared {@link Database}; thread-safe. */
final class AppTable implements AppStore {

  private static final String COLUMNS =
      "id, name, config, annotations, syslog_url, shape, created_at, updated_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM apps";

  private final Database db;

  AppTable(Database db) {
    this.db = db;
  }

  @Override
  public App insert(App app) {
    App row = normalize(app);
    db.update("INSERT INTO apps (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, row.id());
          bindFields(ps, 2, row);
        },
        e -> conflict(e, row));
    return row;
  }

  @Override
  public Optional<App> get(String id) {
    return db.queryOne(SELECT + " WHERE id = ?", ps -> ps.setString(1, id), AppTable::map);
  }

  @Override
  public Optional<App> getByName(String name) {
    return db.queryOne(SELECT + " WHERE name = ?", ps -> ps.setString(1, name), AppTable::map);
  }

  boolean exists(String id) {
    return !db.query("SELECT 1 FROM apps WHERE id = ?", ps -> ps.setString(1, id), r -> 1).isEmpty();
  }

  @Override
  public App update(App app) {
    App row = normalize(app);
    int updated = db.update(
        "UPDATE apps SET name = ?, config = ?, annotations = ?, syslog_url = ?, shape = ?,"
            + " created_at = ?, updated_at = ? WHERE id = ?",
        ps -> ps.setString(bindFields(ps, 1, row), row.id()),
        e -> conflict(e, row));
    if (updated == 0) {
      throw new StoreException.NotFound("App not found");
    }
    return row;
  }

  @Override
  public boolean delete(String id) {
    return db.update("DELETE FROM apps WHERE id = ?", ps -> ps.setString(1, id), e -> null) > 0;
  }

  @Override
  public Page<App> list(ListQuery query) {
    Where where = new Where().page(query, false);
    List<App> items = db.query(SELECT + where.sql() + " ORDER BY name LIMIT ?",
        ps -> ps.setInt(where.bind(ps), query.perPage()), AppTable::map);
    String next = items.size() == query.perPage() ? Cursor.encode(items.getLast().name(), null) : null;
    return new Page<>(items, next);
  }

  /** Binds name through updated_at from {@code first} on; returns the next free index. */
  private static int bindFields(PreparedStatement ps, int first, App app) throws SQLException {
    int i = first;
    ps.setString(i++, app.name());
    ps.setString(i++, JsonMaps.write(app.config()));
    ps.setString(i++, JsonMaps.write(app.annotations()));
    ps.setString(i++, app.syslogUrl());
    ps.setString(i++, app.shape());
    Jdbc.setInstant(ps, i++, app.createdAt());
    Jdbc.setInstant(ps, i++, app.updatedAt());
    return i;
  }

  private static App normalize(App app) {
    Objects.requireNonNull(app.createdAt(), "app createdAt");
    Objects.requireNonNull(app.updatedAt(), "app updatedAt");
    return new App(app.id(), app.name(), app.config(), app.annotations(), app.syslogUrl(),
        app.shape(), Jdbc.millis(app.createdAt()), Jdbc.millis(app.updatedAt()));
  }

  private static StoreException conflict(SQLException e, App app) {
    if (!SqlErrors.isUniqueViolation(e)) {
      return null;
    }
    if (SqlErrors.names(e, "uq_apps_name")) {
      return new StoreException.Conflict("An app with name '" + app.name() + "' already exists", e);
    }
    return new StoreException.Conflict("An app with id '" + app.id() + "' already exists", e);
  }

  private static App map(ResultSet r) throws SQLException {
    return new App(
        r.getString("id"),
        r.getString("name"),
        JsonMaps.read(r.getString("config")),
        JsonMaps.read(r.getString("annotations")),
        r.getString("syslog_url"),
        r.getString("shape"),
        Jdbc.getInstant(r, "created_at"),
        Jdbc.getInstant(r, "updated_at"));
  }
}
