package io.hearth.store.functions;

import io.hearth.store.Database;

/**
 * The {@link FunctionStore} in the {@code apps}, {@code fns} and {@code triggers} tables
 * (migration V1); the database enforces uniqueness and cascades deletes (app -> fns -> triggers).
 * Each operation is one auto-committed statement. Holds no mutable state: the tables are
 * stateless and the {@link Database} is thread-safe.
 */
public final class JdbcFunctionStore implements FunctionStore {

  private final AppTable apps;
  private final FnTable fns;
  private final TriggerTable triggers;

  public JdbcFunctionStore(Database db) {
    this.apps = new AppTable(db);
    this.fns = new FnTable(db);
    this.triggers = new TriggerTable(db, apps);
  }

  @Override
  public AppStore apps() {
    return apps;
  }

  @Override
  public FnStore fns() {
    return fns;
  }

  @Override
  public TriggerStore triggers() {
    return triggers;
  }
}
