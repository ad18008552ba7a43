package io.hearth.testkit.store;

import io.hearth.store.Fixtures;
import io.hearth.store.jobs.JobStore;
import io.hearth.store.jobs.JobFilesContract;

/** The job store's conformance suite on the in-memory store. */
class InMemoryJobStoreTest implements JobFilesContract {

  private final InMemoryJobStore store = new InMemoryJobStore();
  private final Fixtures fixtures = new Fixtures();

  @Override
  public JobStore store() {
    return store;
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
