package io.hearth.testkit.store;

import io.hearth.store.functions.FunctionStore;
import io.hearth.store.functions.FunctionStoreContract;

/** The function store's conformance suite on the in-memory store. */
class InMemoryFunctionStoreTest extends FunctionStoreContract {

  private final InMemoryFunctionStore store = new InMemoryFunctionStore();

  @Override
  public FunctionStore functions() {
    return store;
  }
}
