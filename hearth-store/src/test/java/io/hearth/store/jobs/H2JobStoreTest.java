package io.hearth.store.jobs;

import io.hearth.store.Fixtures;
import io.hearth.store.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job store's conformance suite on the embedded H2 file database. */
class H2JobStoreTest implements JobFilesContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.h2();

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
