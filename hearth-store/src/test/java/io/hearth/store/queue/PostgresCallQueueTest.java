package io.hearth.store.queue;

import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The call queue's conformance suite on the local PostgreSQL, skipped when it is not reachable. */
class PostgresCallQueueTest implements CallQueueContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  private final Fixtures fixtures = new Fixtures();

  @Override
  public CallQueue queue() {
    return DB.database() == null ? null : new JdbcCallQueue(DB.database());
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }

  @Override
  public String limitedFn() {
    var functions = new io.hearth.store.functions.JdbcFunctionStore(DB.database());
    var app = functions.apps().insert(fixtures.app("a-" + fixtures.id()));
    return functions.fns().insert(fixtures.fn(app, "f")).id();
  }
}
