package io.hearth.testkit.store;

import io.hearth.store.Fixtures;
import io.hearth.store.queue.CallQueue;
import io.hearth.store.queue.CallQueueContract;

/** The call queue's conformance suite on the in-memory queue. */
class InMemoryCallQueueTest implements CallQueueContract {

  private final InMemoryCallQueue queue = new InMemoryCallQueue();
  private final Fixtures fixtures = new Fixtures();

  @Override
  public CallQueue queue() {
    return queue;
  }

  @Override
  public Fixtures fx() {
    return fixtures;
  }
}
