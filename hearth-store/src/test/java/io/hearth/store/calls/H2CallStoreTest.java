package io.hearth.store.calls;

import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The call store's conformance suite on the embedded H2 file database. */
class H2CallStoreTest implements CallStoreContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.h2();

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
