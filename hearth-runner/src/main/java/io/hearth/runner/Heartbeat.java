package io.hearth.runner;

import io.hearth.protocol.Sleeper;
import io.hearth.store.runners.RunnerStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner's registration in the datastore: a heartbeat at start, then every {@code every}, saying
 * where lbs reach it and whether it is draining. A failed heartbeat is logged and retried at the
 * next beat; lbs drop a runner only after a TTL of silence.
 *
 * <p>Threads: one virtual thread beats; {@link #beatNow} may be called from any thread (the
 * datastore is thread-safe and a heartbeat is idempotent).
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

  private final RunnerStore store;
  private final String nodeId;
  private final String address;
  private final BooleanSupplier draining;
  private final InstantSource clock;
  private final Duration every;
  private final Sleeper sleeper;
  private volatile boolean closed;
  private volatile boolean failing;
  private Thread thread;

  public Heartbeat(RunnerStore store, String nodeId, String address, BooleanSupplier draining, InstantSource clock,
      Duration every, Sleeper sleeper) {
    this.store = store;
    this.nodeId = nodeId;
    this.address = address;
    this.draining = draining;
    this.clock = clock;
    this.every = every;
    this.sleeper = sleeper;
  }

  /** Registers now (failing loudly if the datastore refuses), then keeps beating. */
  public Heartbeat start() {
    store.heartbeat(nodeId, address, draining.getAsBoolean(), clock.instant());
    log.info("runner {} registered at {}", nodeId, address);
    thread = Thread.ofVirtual().name("hearth-heartbeat").start(() -> {
      while (!closed) {
        try {
          sleeper.sleep(every);
        } catch (InterruptedException e) {
          return;
        }
        if (!closed) {
          beatNow();
        }
      }
    });
    return this;
  }

  /** Beats at once: after draining starts, so lbs stop proposing this runner without waiting. */
  public void beatNow() {
    try {
      store.heartbeat(nodeId, address, draining.getAsBoolean(), clock.instant());
      if (failing) {
        log.info("runner {}: heartbeats reach the datastore again", nodeId);
      }
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("runner {}: heartbeat failed, retrying every {} ms: {}", nodeId, every.toMillis(), e.getMessage());
      }
      failing = true;
    }
  }

  /** Stops beating (the last beat, if draining, told the lbs); the row stays for a restart. */
  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
