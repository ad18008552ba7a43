package io.hearth.testkit.store;

import io.hearth.store.Fixtures;
import io.hearth.store.runners.RunnerStore;
import io.hearth.store.runners.RunnerStoreContract;

/** The runner registry's conformance suite on the in-memory store. */
class InMemoryRunnerStoreTest implements RunnerStoreContract {

  private final InMemoryRunnerStore store = new InMemoryRunnerStore();
  private final Fixtures fixtures = new Fixtures();

  @Override
  public RunnerStore store() {
    return store;
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
