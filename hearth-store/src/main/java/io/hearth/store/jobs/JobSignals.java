package io.hearth.store.jobs;

/**
 * Tells a dispatcher that jobs changed, so that it runs a pass now rather than at its next timer.
 * On the embedded store the signal is in-process (fired after each committed change of the job
 * store); on PostgreSQL it is {@code LISTEN}/{@code NOTIFY}, so a change made through any api node
 * reaches the active dispatcher wherever it runs. Signals carry no data and may coalesce: a burst
 * of changes may arrive as one call; a listener reads the queue itself. Thread-safe.
 */
public interface JobSignals extends AutoCloseable {

  /**
   * Calls {@code onChange} (on a thread of the implementation's, never while a store lock is held)
   * after jobs changed, until the returned handle is closed. A call may come without a change (after
   * a lost connection to the datastore is made again, one call says "read the queue again").
   */
  AutoCloseable subscribe(Runnable onChange);

  /** Stops delivering; subscriptions end. */
  @Override
  void close();
}
