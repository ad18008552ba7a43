package io.hearth.store.leases;

import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease store's conformance suite on the embedded H2 file database. */
class H2LeaseStoreTest implements LeaseStoreContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.h2();

  private final Fixtures fixtures = new Fixtures();

  @Override
  public LeaseStore store() {
    return DB.database() == null ? null : new JdbcLeaseStore(DB.database());
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
