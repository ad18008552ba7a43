package io.hearth.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handle on the database that every store of a node shares: a HikariCP pool, the
 * {@link Dialect}, and the schema brought up to date by the Flyway migrations in {@code
 * db/migration} when it opens. Stores ({@code JdbcFunctionStore}, {@code JdbcCallStore}, {@code
 * JdbcRunnerStore}, {@code JdbcLeaseStore}; next the job and call-queue stores) take it in their constructor, add
 * their tables with a migration of their own, and run their statements through it: each unit of
 * work gets a pooled connection and every {@link SQLException} comes out as a {@link
 * StoreException}.
 *
 * <p>Thread-safe; the pool owns the connections, and each one is used by one thread at a time.
 * Connections are in auto-commit mode; {@link #inTransaction} is for work that must be all or none.
 *
 * <p>Durable when it returns: {@link #run}, {@link #update} and {@link #inTransaction} return only
 * once what they committed is on stable storage, so a store's answer may be acknowledged at once.
 * PostgreSQL does that itself at commit; for embedded H2 on a file, which writes a commit to the
 * file but never forces it to disk, they then wait for a {@link GroupSync} ({@code CHECKPOINT
 * SYNC}, one force of the file for every writer that committed before it started). Work that only
 * reads goes through {@link #read} (and {@link #query}), which waits for nothing.
 */
public final class Database implements AutoCloseable {

  /** Work done on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Binds the parameters of a statement. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads the current row. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final String POOL_NAME = "hearth-store";
  /** Flyway needs two connections: one for the schema history lock, one for the migration. */
  private static final int MIGRATION_POOL_SIZE = 2;

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final CommitSync sync;

  private Database(HikariDataSource pool, Dialect dialect, boolean forceCommits) {
    this.pool = pool;
    this.dialect = dialect;
    this.sync = forceCommits ? new GroupSync(this::forceToDisk) : CommitSync.NONE;
  }

  /**
   * Connects, brings the schema up to date and returns the handle.
   *
   * @throws StoreException.Unavailable if the database cannot be reached
   */
  public static Database open(DatastoreConfig config) {
    Dialect dialect = Dialect.of(config);
    // The main pool opens first so that an in-memory H2 database outlives the migration pool.
    HikariDataSource pool = connect(config, dialect, POOL_NAME, config.poolSize());
    // Flyway holds two connections at once; a pool of its own keeps it independent of poolSize.
    try (HikariDataSource migrations = connect(config, dialect, POOL_NAME + "-migrate", MIGRATION_POOL_SIZE)) {
      migrate(migrations, dialect);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    boolean force = config.forcesCommits();
    Database db = new Database(pool, dialect, force);
    if (force) {
      // the schema and, on a first start, the file itself: on disk before the first answer
      db.sync.await();
      config.h2FileDirectory().ifPresent(Database::forceDirectory);
    }
    LOG.info("Datastore open at {}{}", config.safeUrl(), force ? " (each commit forced to disk before it is answered)"
        : dialect == Dialect.H2 ? " (commits not forced to disk: a power cut may lose acknowledged writes)" : "");
    return db;
  }

  /** H2's {@code CHECKPOINT SYNC}: forces the database file to disk ({@code FileChannel.force}). */
  private void forceToDisk() {
    execute(connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT SYNC");
        return null;
      }
    }, e -> new StoreException.Failed("CHECKPOINT SYNC failed: " + SqlErrors.reason(e), e));
  }

  /** Makes the file's directory entry durable too (Linux: fsync of the directory), once at open. */
  private static void forceDirectory(java.nio.file.Path dir) {
    try (var channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      channel.force(true);
    } catch (java.io.IOException | UnsupportedOperationException e) {
      LOG.warn("Could not force the datastore's directory {} to disk: {}", dir, e.toString());
    }
  }

  /** How commits are made durable here; for the tests. */
  CommitSync commitSync() {
    return sync;
  }

  private static HikariDataSource connect(DatastoreConfig config, Dialect dialect, String name, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(size);
    hikari.setConnectionTimeout(config.connectTimeout().toMillis());
    hikari.setValidationTimeout(Math.min(config.connectTimeout().toMillis(), 5_000));
    // Keep trying for the connect timeout at start, then give up with the driver's reason.
    hikari.setInitializationFailTimeout(config.connectTimeout().toMillis());
    if (dialect == Dialect.POSTGRES) {
      // Seconds; without it the driver may wait far longer than the pool for a silent host.
      long seconds = Math.max(1, config.connectTimeout().toSeconds());
      hikari.addDataSourceProperty("connectTimeout", Long.toString(seconds));
      hikari.addDataSourceProperty("loginTimeout", Long.toString(seconds));
      hikari.addDataSourceProperty("ApplicationName", "hearth");
    }
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StoreException.Unavailable(SqlErrors.reason(e) + " (" + config.safeUrl() + ")", e);
    }
  }

  private static void migrate(HikariDataSource pool, Dialect dialect) {
    try {
      MigrateResult result = Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration")
          .placeholders(Map.of("name_collation", dialect.nameCollation(), "bytes_type", dialect.bytesType()))
          .load()
          .migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("Datastore schema migrated to version {}", result.targetSchemaVersion);
      }
    } catch (FlywayException e) {
      if (SqlErrors.isUnavailable(e)) {
        throw new StoreException.Unavailable(SqlErrors.reason(e), e);
      }
      throw new StoreException.Failed("schema migration failed: " + SqlErrors.reason(e), e);
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Runs the work on a pooled connection; on failure, {@code translate} may name the outcome (a
   * conflict, a missing row) and returns null for anything it does not recognise, which then
   * counts as {@link StoreException.Failed}.
   */
  public <T> T run(Work<T> work, Function<SQLException, StoreException> translate) {
    T result = execute(work, translate);
    sync.await();
    return result;
  }

  /** Like {@link #run}, for work that only reads: it does not wait for anything to reach the disk. */
  public <T> T read(Work<T> work) {
    return execute(work, e -> null);
  }

  private <T> T execute(Work<T> work, Function<SQLException, StoreException> translate) {
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

  public <T> T run(Work<T> work) {
    return run(work, e -> null);
  }

  /**
   * Runs the work in one transaction: committed (and durable, see the class comment) when it
   * returns, rolled back when it throws.
   */
  public <T> T inTransaction(Work<T> work, Function<SQLException, StoreException> translate) {
    return inTransaction(work, translate, result -> true);
  }

  /**
   * As above, for work that often writes nothing (a poll): it waits for the disk only when {@code
   * wrote} says, from its result, that it changed something.
   */
  public <T> T inTransaction(Work<T> work, Function<SQLException, StoreException> translate,
      java.util.function.Predicate<T> wrote) {
    T committed = execute(connection -> {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        // a broken connection fails the rollback too: the work's own error says why, so it is the one thrown
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        try {
          connection.setAutoCommit(true);
        } catch (SQLException broken) {
          // the pool retires a broken connection; nothing to restore
        }
      }
    }, translate);
    if (wrote.test(committed)) {
      sync.await();
    }
    return committed;
  }

  /**
   * Executes an INSERT, UPDATE or DELETE and returns the number of rows it touched, durable when it
   * returns (a statement that touched no row has nothing to wait for).
   */
  public int update(String sql, Binder binder, Function<SQLException, StoreException> translate) {
    int rows = execute(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        binder.bind(statement);
        return statement.executeUpdate();
      }
    }, translate);
    if (rows > 0) {
      sync.await();
    }
    return rows;
  }

  /** Runs a query and maps every row. */
  public <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    return read(connection -> {
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

  public <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
    return query(sql, binder, mapper).stream().findFirst();
  }

  /**
   * Checks that the database answers.
   *
   * @throws StoreException.Unavailable if it does not
   */
  public void ping() {
    read(connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT 1");
        return null;
      }
    });
  }

  /** Closes the pool; every store's operations after this throw {@link StoreException.Unavailable}. */
  @Override
  public void close() {
    pool.close();
  }
}
