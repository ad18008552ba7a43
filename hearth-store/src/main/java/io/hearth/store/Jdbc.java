package io.hearth.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one unit of work on a pooled connection and turns every {@link SQLException} into a
 * {@link StoreException}. Connections are in auto-commit mode: each operation of the store is a
 * single statement (deletes cascade inside the database), so there is no transaction to manage.
 *
 * <p>Thread-safe; the pool owns the connections, and each one is used by one thread at a time.
 */
final class Jdbc {

  /** Work done on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Binds the parameters of a statement. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads the current row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private final HikariDataSource pool;

  Jdbc(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Runs the work; on failure, {@code translate} may name the outcome (a conflict, a missing row)
   * and returns null for anything it does not recognise, which then counts as {@link
   * StoreException.Failed}.
   */
  <T> T run(Work<T> work, Function<SQLException, StoreException> translate) {
    if (pool.isClosed()) {
      throw new StoreException.Unavailable("the datastore has been closed", null);
    }
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      if (SqlErrors.isUnavailable(e) || pool.isClosed()) {
        throw new StoreException.Unavailable(SqlErrors.reason(e), e);
      }
      StoreException named = translate.apply(e);
      throw named != null ? named : new StoreException.Failed(SqlErrors.reason(e), e);
    }
  }

  <T> T run(Work<T> work) {
    return run(work, e -> null);
  }

  /** Executes an INSERT, UPDATE or DELETE and returns the number of rows it touched. */
  int update(String sql, Binder binder, Function<SQLException, StoreException> translate) {
    return run(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        binder.bind(statement);
        return statement.executeUpdate();
      }
    }, translate);
  }

  /** Runs a query and maps every row. */
  <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    return run(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        binder.bind(statement);
        try (ResultSet rows = statement.executeQuery()) {
          var out = new ArrayList<T>();
          while (rows.next()) {
            out.add(mapper.map(rows));
          }
          return out;
        }
      }
    });
  }

  <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
    return query(sql, binder, mapper).stream().findFirst();
  }

  /** Timestamps are kept to the millisecond, as the API shows them; finer parts are cut off. */
  static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    statement.setObject(index, millis(instant).atOffset(ZoneOffset.UTC));
  }

  static Instant getInstant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
