package io.hearth.store.leases;

import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease store's conformance suite on the local PostgreSQL, skipped when it is not reachable. */
class PostgresLeaseStoreTest implements LeaseStoreContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

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
