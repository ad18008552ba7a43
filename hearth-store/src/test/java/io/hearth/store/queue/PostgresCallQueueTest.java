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
}
