package io.hearth.store.jobs;

/**
 * The one active dispatcher of a cluster. On PostgreSQL it is a session advisory lock held on a
 * connection of its own: whoever holds it dispatches; when that process dies its connection ends,
 * the lock is released, and another api node's next {@link #tryHold} takes it within seconds. On
 * the embedded store (one all-in-one node) it is always held. Thread-safe.
 */
public interface DispatcherLock extends AutoCloseable {

  /**
   * Takes the lock if nobody holds it, or checks that this process still does (its connection is
   * alive). Never blocks for long (bounded by the datastore's timeouts).
   *
   * @return whether this process holds the lock now; a dispatcher that gets false stops acting
   *     (it may have lost the lock: another may already be dispatching)
   */
  boolean tryHold();

  /** Releases the lock if held. */
  @Override
  void close();
}
