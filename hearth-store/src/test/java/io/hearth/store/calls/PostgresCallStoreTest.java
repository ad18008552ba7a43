package io.hearth.store.calls;

import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The call store's conformance suite on the local PostgreSQL, skipped when it is not reachable. */
class PostgresCallStoreTest implements CallStoreContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  private final Fixtures fixtures = new Fixtures();

  @Override
  public CallStore store() {
    return DB.database() == null ? null : new JdbcCallStore(DB.database());
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
