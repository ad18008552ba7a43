package io.hearth.store.functions;

import io.hearth.store.Fixtures;

/**
 * The function store's conformance suite: apps, functions, triggers and their pages, run unchanged
 * against each implementation by a subclass ({@link H2FunctionStoreTest}, {@link
 * PostgresFunctionStoreTest}, and the in-memory store's test in {@code hearth-testkit}).
 */
public abstract class FunctionStoreContract
    implements AppContract, FnContract, TriggerContract, PaginationContract {

  private final Fixtures fixtures = new Fixtures();

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
