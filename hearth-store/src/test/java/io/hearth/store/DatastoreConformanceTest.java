package io.hearth.store;

/**
 * The one conformance suite: every contract's tests, run unchanged against each database by a
 * subclass ({@link H2DatastoreTest}, {@link PostgresDatastoreTest}).
 */
abstract class DatastoreConformanceTest
    implements AppContract, FnContract, TriggerContract, PaginationContract, LifecycleContract,
    CallContract, RunnerContract {

  private final Fixtures fixtures = new Fixtures();

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
