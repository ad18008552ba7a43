package io.hearth.store.jobs;

import io.hearth.store.Database;
import io.hearth.store.DatastoreConfig;
import io.hearth.store.Dialect;

/**
 * What a node's dispatcher is built on, chosen by the datastore: the job store every part of the
 * node writes through, the signals that wake the dispatcher, and the lock that makes it the one
 * active dispatcher. Embedded (H2, one all-in-one node): a {@link SignallingJobStore} firing {@link
 * LocalJobSignals}, and a {@link HeldDispatcherLock}. PostgreSQL: the plain {@link JdbcJobStore}
 * (the {@code jobs} trigger notifies), {@link PgJobSignals} and {@link PgDispatcherLock}, each on a
 * connection of its own. Closing closes the signals and releases the lock; the store needs no
 * closing (the {@link Database} is the node's).
 */
public record JobCoordination(JobStore store, JobSignals signals, DispatcherLock lock) implements AutoCloseable {

  /** @param config how {@code db} was opened: the PostgreSQL sessions connect the same way */
  public static JobCoordination open(Database db, DatastoreConfig config) {
    JdbcJobStore jdbc = new JdbcJobStore(db);
    if (db.dialect() == Dialect.POSTGRES) {
      return new JobCoordination(jdbc, PgJobSignals.start(config), new PgDispatcherLock(config));
    }
    LocalJobSignals signals = new LocalJobSignals();
    return new JobCoordination(new SignallingJobStore(jdbc, signals), signals, new HeldDispatcherLock());
  }

  @Override
  public void close() {
    try {
      signals.close();
    } finally {
      lock.close();
    }
  }
}
