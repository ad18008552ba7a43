package io.hearth.server.node;

import io.hearth.agent.Agent;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.slot.SlotKey;
import io.hearth.core.time.Clock;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import io.hearth.store.functions.FunctionStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the agent the functions that ask for {@link SlotKey#MIN_WARM_ANNOTATION min_warm}
 * containers: a function at once when this node's API saves it, and all of them from the datastore
 * at start and every {@link #PERIOD}, which also catches changes made through other api nodes and
 * app changes that give a function new containers.
 */
public final class MinWarmKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MinWarmKeeper.class);
  static final Duration PERIOD = Duration.ofSeconds(30);
  private static final int PAGE = 100;

  private final FunctionStore store;
  private final Agent agent;
  private final Object lock = new Object();
  private final Set<String> kept = new HashSet<>();
  private final Clock clock;
  private final Thread thread;
  private volatile boolean closed;

  /** Starts sweeping at once and then every {@link #PERIOD} of {@code clock}'s time; {@link #close} stops it. */
  public MinWarmKeeper(FunctionStore store, Agent agent, Clock clock) {
    this.store = store;
    this.agent = agent;
    this.clock = clock;
    this.thread = Thread.ofVirtual().name("hearth-min-warm").start(this::run);
  }

  /** The function was created, updated or deleted here: its containers retire, its min_warm ones start. */
  public void changed(String fnId) {
    agent.retireFunction(fnId);
    try {
      Optional<Fn> fn = store.fns().get(fnId);
      Optional<App> app = fn.flatMap(f -> store.apps().get(f.appId()));
      synchronized (lock) {
        if (fn.isPresent() && app.isPresent() && SlotKey.minWarm(fn.get()) > 0) {
          agent.keepWarm(app.get(), fn.get());
          kept.add(fnId);
        } else {
          kept.remove(fnId);
        }
      }
    } catch (StoreException e) {
      log.debug("min_warm of fn {} is left to the next sweep", fnId, e);
    }
  }

  private void run() {
    while (!closed) {
      try {
        sweep();
      } catch (StoreException e) {
        log.debug("min_warm sweep: datastore unavailable, trying again in {}", PERIOD, e);
      } catch (RuntimeException e) {
        log.warn("min_warm sweep failed; trying again in {}", PERIOD, e);
      }
      try {
        clock.sleep(PERIOD);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Tells the agent every function's min_warm; those no longer asking for any retire. */
  void sweep() {
    Set<String> seen = new HashSet<>();
    ListQuery apps = ListQuery.first(PAGE);
    while (apps != null) {
      Page<App> page = store.apps().list(apps);
      for (App app : page.items()) {
        sweepApp(app, seen);
      }
      apps = page.nextCursor() == null ? null : apps.next(page);
    }
    synchronized (lock) {
      for (String gone : Set.copyOf(kept)) {
        if (!seen.contains(gone)) {
          agent.retireFunction(gone);
          kept.remove(gone);
        }
      }
      kept.addAll(seen);
    }
  }

  private void sweepApp(App app, Set<String> seen) {
    ListQuery fns = ListQuery.first(PAGE);
    while (fns != null) {
      Page<Fn> page = store.fns().list(app.id(), fns);
      for (Fn fn : page.items()) {
        if (SlotKey.minWarm(fn) > 0) {
          agent.keepWarm(app, fn);
          seen.add(fn.id());
        }
      }
      fns = page.nextCursor() == null ? null : fns.next(page);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
