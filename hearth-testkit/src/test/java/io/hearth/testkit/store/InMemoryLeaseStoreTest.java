package io.hearth.testkit.store;

import io.hearth.store.Fixtures;
import io.hearth.store.leases.LeaseStore;
import io.hearth.store.leases.LeaseStoreContract;

/** The lease store's conformance suite on the in-memory store. */
class InMemoryLeaseStoreTest implements LeaseStoreContract {

  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final Fixtures fixtures = new Fixtures();

  @Override
  public LeaseStore store() {
    return store;
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
