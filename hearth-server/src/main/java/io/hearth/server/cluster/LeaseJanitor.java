package io.hearth.server.cluster;

import io.hearth.core.time.Scheduler;
import io.hearth.store.leases.LeaseStore;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease store's retention on a cluster, run by the api nodes (runners leave it to them): every
 * {@code every}, deletes the allocs that ended more than {@code retention} ago, with their execs, in
 * bounded statements. Several api nodes may run it at once: a delete is idempotent.
 *
 * <p>Threads: the scheduler's thread arms runs; each run is a virtual thread (it waits on the
 * datastore), at most one at a time. {@code this} guards {@code next} and {@code closed}.
 */
public final class LeaseJanitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseJanitor.class);
  /** Rows per statement: short enough never to hold the tables for long. */
  static final int BATCH = 500;

  private final LeaseStore store;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Duration retention;
  private final Duration every;
  private Scheduler.Scheduled next;
  private boolean closed;

  public LeaseJanitor(LeaseStore store, InstantSource clock, Scheduler scheduler, Duration retention, Duration every) {
    this.store = store;
    this.clock = clock;
    this.scheduler = scheduler;
    this.retention = retention;
    this.every = every;
  }

  public LeaseJanitor start() {
    arm();
    return this;
  }

  private synchronized void arm() {
    if (!closed) {
      next = scheduler.schedule(every, () -> Thread.ofVirtual().name("hearth-lease-janitor").start(() -> {
        try {
          runOnce();
        } catch (RuntimeException e) {
          log.warn("deleting ended allocs failed; trying again in {} s: {}", every.toSeconds(), e.getMessage());
        } finally {
          arm();
        }
      }));
    }
  }

  /** Deletes what is past retention now; returns how many allocs. */
  public int runOnce() {
    int total = 0;
    int n;
    do {
      n = store.deleteEnded(clock.instant().minus(retention), BATCH);
      total += n;
    } while (n == BATCH && !isClosed());
    return total;
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel();
    }
  }
}
