package io.hearth.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Datastore} on a HikariCP pool. Holds no mutable state of its own: the pool owns the
 * connections and is thread-safe, and the tables are stateless.
 */
final class JdbcDatastore implements Datastore {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcDatastore.class);
  private static final String POOL_NAME = "hearth-store";
  /** Flyway needs two connections: one for the schema history lock, one for the migration. */
  private static final int MIGRATION_POOL_SIZE = 2;

  private final HikariDataSource pool;
  private final Jdbc db;
  private final AppTable apps;
  private final FnTable fns;
  private final TriggerTable triggers;
  private final CallTable calls;
  private final RunnerTable runners;

  private JdbcDatastore(HikariDataSource pool) {
    this.pool = pool;
    this.db = new Jdbc(pool);
    this.apps = new AppTable(db);
    this.fns = new FnTable(db);
    this.triggers = new TriggerTable(db, apps);
    this.calls = new CallTable(db);
    this.runners = new RunnerTable(db);
  }

  static JdbcDatastore open(DatastoreConfig config) {
    // The main pool opens first so that an in-memory H2 database outlives the migration pool.
    HikariDataSource pool = connect(config, POOL_NAME, config.poolSize());
    // Flyway holds two connections at once; a pool of its own keeps it independent of poolSize.
    try (HikariDataSource migrations = connect(config, POOL_NAME + "-migrate", MIGRATION_POOL_SIZE)) {
      migrate(migrations, config);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    LOG.info("Datastore open at {}", config.safeUrl());
    return new JdbcDatastore(pool);
  }

  private static HikariDataSource connect(DatastoreConfig config, String name, int size) {
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
    if (config.isPostgres()) {
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

  private static void migrate(HikariDataSource pool, DatastoreConfig config) {
    // Names sort by code point on both databases; see V1__schema.sql.
    String collation = config.isPostgres() ? "COLLATE \"C\"" : "";
    try {
      MigrateResult result = Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration")
          .placeholders(Map.of("name_collation", collation))
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

  @Override
  public App insertApp(App app) {
    return apps.insert(app);
  }

  @Override
  public Optional<App> getApp(String id) {
    return apps.get(id);
  }

  @Override
  public Optional<App> getAppByName(String name) {
    return apps.getByName(name);
  }

  @Override
  public App updateApp(App app) {
    return apps.update(app);
  }

  @Override
  public boolean deleteApp(String id) {
    return apps.delete(id);
  }

  @Override
  public Page<App> listApps(ListQuery query) {
    return apps.list(query);
  }

  @Override
  public Fn insertFn(Fn fn) {
    return fns.insert(fn);
  }

  @Override
  public Optional<Fn> getFn(String id) {
    return fns.get(id);
  }

  @Override
  public Optional<Fn> getFnByName(String appId, String name) {
    return fns.getByName(appId, name);
  }

  @Override
  public Fn updateFn(Fn fn) {
    return fns.update(fn);
  }

  @Override
  public boolean deleteFn(String id) {
    return fns.delete(id);
  }

  @Override
  public Page<Fn> listFns(String appId, ListQuery query) {
    return fns.list(appId, query);
  }

  @Override
  public Trigger insertTrigger(Trigger trigger) {
    return triggers.insert(trigger);
  }

  @Override
  public Optional<Trigger> getTrigger(String id) {
    return triggers.get(id);
  }

  @Override
  public Trigger updateTrigger(Trigger trigger) {
    return triggers.update(trigger);
  }

  @Override
  public boolean deleteTrigger(String id) {
    return triggers.delete(id);
  }

  @Override
  public Page<Trigger> listTriggers(String appId, String fnId, ListQuery query) {
    return triggers.list(appId, fnId, query);
  }

  @Override
  public Optional<Trigger> getTriggerBySource(String appId, String source) {
    return triggers.getBySource(appId, source);
  }

  @Override
  public void insertCalls(List<NewCall> batch) {
    calls.insert(batch);
  }

  @Override
  public Optional<CallRecord> getCall(String callId) {
    return calls.get(callId);
  }

  @Override
  public Optional<String> getCallLog(String callId) {
    return calls.log(callId);
  }

  @Override
  public Page<CallRecord> listCalls(CallQuery query) {
    return calls.list(query);
  }

  @Override
  public int deleteCallsBefore(Instant cutoff, int limit) {
    return calls.deleteBefore(cutoff, limit);
  }

  @Override
  public void heartbeatRunner(String id, String address, boolean draining, Instant at) {
    runners.heartbeat(id, address, draining, at);
  }

  @Override
  public List<RunnerRow> listRunners() {
    return runners.list();
  }

  @Override
  public int forgetRunners(Instant silentSince) {
    return runners.forget(silentSince);
  }

  @Override
  public void ping() {
    db.run(connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT 1");
        return null;
      }
    });
  }

  @Override
  public void close() {
    pool.close();
  }
}
