package io.hearth.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared database handle on Postgres. */
class PostgresDatabaseTest implements DatabaseContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.postgres();

  private final Fixtures fixtures = new Fixtures();

  @Override
  public TestDatabase db() {
    return DB;
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
