package io.hearth.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared database handle on H2. */
class H2DatabaseTest implements DatabaseContract {

  @RegisterExtension static final TestDatabase DB = TestDatabase.h2();

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
