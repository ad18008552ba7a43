package io.hearth.testkit.store;

import io.hearth.store.Fixtures;
import io.hearth.store.calls.CallStore;
import io.hearth.store.calls.CallStoreContract;

/** The call store's conformance suite on the in-memory store. */
class InMemoryCallStoreTest implements CallStoreContract {

  private final InMemoryCallStore store = new InMemoryCallStore();
  private final Fixtures fixtures = new Fixtures();

  @Override
  public CallStore store() {
    return store;
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
