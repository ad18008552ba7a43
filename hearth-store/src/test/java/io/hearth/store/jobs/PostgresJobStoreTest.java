package io.hearth.store.jobs;

import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job store's conformance suite on the local PostgreSQL, skipped when it is not reachable. */
class PostgresJobStoreTest implements JobFilesContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  private final Fixtures fixtures = new Fixtures();

  @Override
  public JobStore store() {
    return DB.database() == null ? null : new JdbcJobStore(DB.database());
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
