package io.hearth.server.leases;

import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.LeaseBook;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.LeaseStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timed upkeep of a node's leases, run by {@link LocalLeases}' timers on a virtual thread: the
 * store's {@code expired} marks, collection after the retention period, and the janitor of ended
 * rows. Holds no state of its own: the book guards the allocs, {@code markedExpired} is a
 * concurrent set, and the store writes of one alloc are made under its stripe lock.
 */
final class Housekeeping {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  /** Rows deleted per statement of the retention janitor: short statements, looped. */
  private static final int DELETE_BATCH = 500;

  private final LeaseSettings settings;
  private final LeaseBook book;
  private final LeaseStore store;
  private final Execs execs;
  private final Stripes stripes;
  private final AtomicLong generation;
  private final Set<String> markedExpired;
  private final BooleanSupplier closed;

  Housekeeping(LeaseSettings settings, LeaseBook book, LeaseStore store, Execs execs, Stripes stripes,
      AtomicLong generation, Set<String> markedExpired, BooleanSupplier closed) {
    this.settings = settings;
    this.book = book;
    this.store = store;
    this.execs = execs;
    this.stripes = stripes;
    this.generation = generation;
    this.markedExpired = markedExpired;
    this.closed = closed;
  }

  /** Marks the allocs whose lease ran out expired in the store, once each until their next keepalive. */
  void markExpired(Instant now) {
    for (Alloc a : book.list(now)) {
      if (a.state() == Alloc.State.EXPIRED && !markedExpired.contains(a.id())) {
        synchronized (stripes.of(a.id())) { // a keepalive meanwhile wins: look again under the alloc's lock
          if (book.get(a.id(), now).map(Alloc::state).orElse(null) == Alloc.State.EXPIRED) {
            store.expire(a.id(), now);
            markedExpired.add(a.id());
          }
        }
      }
    }
  }

  /** Drops the ended allocs past their retention: their containers, directories and (when set) rows. */
  void collect(Instant now) {
    List<String> dropped = book.collect(now);
    if (!dropped.isEmpty()) {
      generation.incrementAndGet();
    }
    for (String id : dropped) {
      execs.collect(id);
    }
    collectStrays(now);
    if (settings.deleteEnded()) {
      deleteEnded(now);
    }
  }

  /**
   * Collects the directories of allocs the book does not hold: those a previous run of the node
   * ended (the book of a restarted node holds only live allocs), once their retention is over or
   * their row is gone.
   */
  private void collectStrays(Instant now) {
    Path root = settings.dataDir().resolve("allocs");
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> dirs;
    try (var list = Files.list(root)) {
      dirs = list.toList();
    } catch (IOException e) {
      log.warn("could not list the alloc directories in {}", root, e);
      return;
    }
    for (Path d : dirs) {
      String id = d.getFileName().toString();
      if (book.get(id, now).isPresent()) {
        continue;
      }
      Optional<AllocRecord> r = store.get(id);
      if (r.isEmpty() || (r.get().alloc().ended()
          && !now.isBefore(r.get().alloc().endedAt().plus(settings.retention())))) {
        execs.collect(id);
      }
    }
  }

  /**
   * Deletes from the store the allocs that ended more than the retention period before {@code now},
   * with their execs, in short statements; returns how many. This node runs it on its collect timer
   * when {@link LeaseSettings#deleteEnded()}; an api node of a cluster calls it for everyone's.
   */
  int deleteEnded(Instant now) {
    int total = 0;
    int n;
    do {
      n = store.deleteEnded(now.minus(settings.retention()), DELETE_BATCH);
      total += n;
    } while (n == DELETE_BATCH && !closed.getAsBoolean());
    return total;
  }
}
