package io.hearth.store.runners;

import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runner registry's conformance suite on the embedded H2 file database. */
class H2RunnerStoreTest implements RunnerStoreContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.h2();

  private final Fixtures fixtures = new Fixtures();

  @Override
  public RunnerStore store() {
    return DB.database() == null ? null : new JdbcRunnerStore(DB.database());
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
