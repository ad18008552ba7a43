package io.hearth.server.ui;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a store's changes into dashboard events: it looks at the store's live objects when poked
 * (a store signal) or every {@code period} (stores that signal nothing), compares with its last
 * look ({@link Changes}) and publishes what changed; an object that left the live set is read once
 * more, to publish how it ended. The first look publishes nothing (it is the baseline a page loads
 * anyway). While nobody {@code watched}, looks are skipped and the last one kept, so the first look
 * after a page connects publishes what changed meanwhile. Looks run on one virtual thread of its own, so a slow store never holds the poker's
 * thread; pokes while a look runs coalesce into one more look. The lock guards {@code poked} and
 * {@code closed}; {@code last} is owned by the watch thread (and by {@link #start} before it starts).
 */
final class StoreWatch<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreWatch.class);

  /** What a watch reads: the live objects by id, and one object again after it left them. */
  interface Source<V> {
    Map<String, V> live();

    Optional<V> ended(String id);
  }

  private final String name;
  private final Source<V> source;
  private final Consumer<V> publish;
  private final Duration period;
  private final BooleanSupplier watched;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition due = lock.newCondition();
  private final Thread thread;
  private Map<String, V> last;
  private boolean poked;
  private boolean closed;

  private StoreWatch(String name, Source<V> source, Consumer<V> publish, Duration period, BooleanSupplier watched) {
    this.name = name;
    this.watched = watched;
    this.source = source;
    this.publish = publish;
    this.period = period;
    this.thread = Thread.ofVirtual().name("hearth-ui-" + name).unstarted(this::run);
  }

  /**
   * Starts watching, the first look taken before it returns (a change made after it is published);
   * if the store cannot answer now, the watch thread takes it.
   */
  static <V> StoreWatch<V> start(String name, Source<V> source, Consumer<V> publish, Duration period,
      BooleanSupplier watched) {
    StoreWatch<V> w = new StoreWatch<>(name, source, publish, period, watched);
    w.lookLogged();
    w.thread.start();
    return w;
  }

  /** Asks for a look soon; returns at once. */
  void poke() {
    lock.lock();
    try {
      poked = true;
      due.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (waitTurn()) {
      lookLogged();
    }
  }

  private void lookLogged() {
    try {
      look();
    } catch (RuntimeException e) { // a datastore hiccup: the next look compares with the last good one
      log.debug("ui {} watch: {}", name, e.toString());
    }
  }

  /** Waits for a poke or the period; false once closed. */
  private boolean waitTurn() {
    lock.lock();
    try {
      long left = last == null ? 0 : period.toNanos();
      while (!poked && !closed && left > 0) {
        left = due.awaitNanos(left);
      }
      poked = false;
      return !closed;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void look() {
    if (last != null && !watched.getAsBoolean()) {
      return;
    }
    Map<String, V> now = new LinkedHashMap<>(source.live());
    if (last != null) {
      Changes<V> c = Changes.between(last, now);
      c.changed().forEach(publish);
      for (String id : c.departed()) {
        source.ended(id).ifPresent(publish);
      }
    }
    last = new HashMap<>(now);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      due.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
