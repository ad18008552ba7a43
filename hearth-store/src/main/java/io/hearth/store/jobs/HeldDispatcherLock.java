package io.hearth.store.jobs;

/** The embedded node's {@link DispatcherLock}: one node, one dispatcher, always held. */
public final class HeldDispatcherLock implements DispatcherLock {

  @Override
  public boolean tryHold() {
    return true;
  }

  @Override
  public void close() {}
}
