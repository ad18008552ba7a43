package io.hearth.server.leases;

import io.hearth.core.id.Ids;
import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.CreateAnswer;
import io.hearth.core.lease.ExecRunner;
import io.hearth.core.lease.FreeAnswer;
import io.hearth.core.lease.KeepaliveAnswer;
import io.hearth.core.lease.LeaseBook;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.server.leases.LeaseResult.Failure;
import io.hearth.store.Page;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.LeaseStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's leases: its {@link LeaseBook} over the node's shared {@link Ledger} decides, the lease
 * store records (write-through, so a restarted node re-adopts from it, see {@link Readoption}), and
 * {@link Execs} runs the containers inside the allocs. Offers are numbered by the book's generation
 * (allocs created, freed, reclaimed or collected; function-container churn does not count), so an
 * accept on a stale offer is refused as {@code offer expired}. What is only read (an alloc, a page,
 * an exec, a file, why an alloc is gone) is {@link LeaseReads}'.
 *
 * <p>Threads: the book guards the allocs (its own monitor); the counters are atomic. The book's
 * decision and the store write of one alloc's keepalive, free and end are made under that alloc's
 * stripe lock (one of {@code stripes}, never held around anything but the book and the store), so
 * the store sees each alloc's changes in the book's order. Timers run on the {@link Scheduler} and
 * hand their work to {@code background} (virtual threads); kills of reclaimed and freed allocs'
 * execs run there too. The pool's {@link #expiredLeases()} takes only the book's lock.
 */
public final class LocalLeases implements NodeLeases {
  private static final Logger log = LoggerFactory.getLogger(LocalLeases.class);

  private final String nodeId;
  private final LeaseSettings settings;
  private final Ledger ledger;
  private final LeaseBook book;
  private final LeaseStore store;
  private final Execs execs;
  private final RoomMaker idleContainers;
  private final Runnable roomFreed;
  private final Clock clock;
  private final Executor background;
  private final RoomMaker expiredLeases = this::reclaimForPool;
  private final Stripes stripes = new Stripes();
  private final AtomicLong generation = new AtomicLong();
  private final LongAdder keepalives = new LongAdder();
  private final LongAdder reclaims = new LongAdder();
  /** Allocs marked expired in the store since their last keepalive. */
  private final java.util.Set<String> markedExpired = ConcurrentHashMap.newKeySet();
  private final Timers timers;
  private final Housekeeping housekeeping;
  private final LeaseReads reads;

  private LocalLeases(String nodeId, LeaseSettings settings, Ledger ledger, LeaseStore store, ExecRunner runner,
      RoomMaker idleContainers, Runnable roomFreed, Clock clock, Scheduler scheduler, Ids ids, Executor background) {
    this.nodeId = nodeId;
    this.roomFreed = roomFreed;
    this.settings = settings;
    this.ledger = ledger;
    this.store = store;
    this.idleContainers = idleContainers;
    this.clock = clock;
    this.background = background;
    this.timers = new Timers(scheduler, background);
    Supplier<String> next = ids::next;
    this.book = new LeaseBook(ledger, settings.retention(), () -> nodeId + "." + next.get());
    this.execs = new Execs(settings, store, runner, clock, background, next);
    this.reads = new LeaseReads(nodeId, settings, book, store, this::now);
    this.housekeeping = new Housekeeping(settings, book, store, execs, stripes, generation, markedExpired,
        timers::closed);
  }

  /**
   * Starts a node's leases: re-adopts the live allocs the store has for {@code nodeId} and their
   * execs whose containers the engine still has, then arms the timers (expiry, collection, disk).
   *
   * @param ledger         the node's ledger, shared with the function pool
   * @param idleContainers the pool's eviction of idle function containers, asked before a new alloc is refused as short
   * @param roomFreed      told (outside every lock here) when an alloc's grant was released by a free, so that
   *                       the pool retries calls waiting for room
   * @param ids            the node's id maker (alloc ids are {@code <node id>.<id>}, exec ids plain)
   */
  public static LocalLeases start(String nodeId, LeaseSettings settings, Ledger ledger, LeaseStore store,
      ExecRunner runner, RoomMaker idleContainers, Runnable roomFreed, Clock clock, Scheduler scheduler, Ids ids) {
    return start(nodeId, settings, ledger, store, runner, idleContainers, roomFreed, clock, scheduler, ids,
        r -> Thread.ofVirtual().name("lease-", 0).start(r));
  }

  /** As the public one, with the executor for blocking work (tests pass one that runs tasks at once). */
  static LocalLeases start(String nodeId, LeaseSettings settings, Ledger ledger, LeaseStore store, ExecRunner runner,
      RoomMaker idleContainers, Runnable roomFreed, Clock clock, Scheduler scheduler, Ids ids, Executor background) {
    LocalLeases l = new LocalLeases(nodeId, settings, ledger, store, runner, idleContainers, roomFreed, clock,
        scheduler, ids, background);
    new Readoption(nodeId, l.book, store, runner, l.execs, background).run(l.now(), l.markedExpired);
    l.timers.every("expiry", settings.expirySweep(), () -> l.housekeeping.markExpired(l.now()));
    l.timers.every("collect", settings.collectEvery(), () -> l.housekeeping.collect(l.now()));
    l.timers.every("disk", settings.diskCheck(), l.execs::checkDisks);
    return l;
  }

  /**
   * For the function pool ({@code agent.roomMaker(...)}): reclaims expired allocs for a function
   * container that is short, under the book's lock only, killing their execs in the background.
   */
  public RoomMaker expiredLeases() {
    return expiredLeases;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public Optional<Offer> offer() {
    Resources available = book.available(now());
    Resources capacity = ledger.capacity();
    if (available.memoryBytes() == 0 || (capacity.cpuMillis() > 0 && available.cpuMillis() == 0)) {
      return Optional.empty();
    }
    return Optional.of(new Offer(nodeId + "." + generation.get(), nodeId, available, capacity));
  }

  @Override
  public LeaseResult<AllocRecord> create(AllocRequest request) {
    Instant now = now();
    Resources asked = request.resources();
    if (request.keepalive().isPresent() && request.keepalive().get().toSeconds() < 1) {
      return LeaseResult.failed(Failure.INVALID, "keepalive_secs must be a whole number of seconds from 1");
    }
    if (asked.memoryBytes() < 1) {
      return LeaseResult.failed(Failure.INVALID, "an alloc needs memory: ask for memory_bytes of at least 1 (its "
          + "execs' containers are limited to it)");
    }
    if (!ledger.couldEverFit(asked)) {
      return beyondCapacity(asked);
    }
    if (request.offerId().isPresent()) {
      Optional<String> stale = AllocViews.staleOffer(request.offerId().get(), nodeId + "." + generation.get(), nodeId,
          book.available(now), asked, ledger.capacity());
      if (stale.isPresent()) {
        return LeaseResult.failed(Failure.OFFER_EXPIRED, stale.get());
      }
    }
    CreateAnswer answer = book.create(request.owner(), request.labels(), asked, request.keepalive(), now);
    reclaimed(answer.reclaimed(), now);
    if (answer instanceof CreateAnswer.NoFit nf && nf.couldEverFit()
        && idleContainers.makeRoom(beyondExpired(asked, now), now)) {
      answer = book.create(request.owner(), request.labels(), asked, request.keepalive(), now);
      reclaimed(answer.reclaimed(), now);
    }
    return switch (answer) {
      case CreateAnswer.NoFit nf when !nf.couldEverFit() -> beyondCapacity(asked);
      case CreateAnswer.NoFit nf when request.offerId().isPresent() -> LeaseResult.failed(Failure.OFFER_EXPIRED,
          "offer expired: " + request.offerId().get() + " was taken meanwhile: " + Shares.shortNow(nf.shortfalls(), asked)
          + "; ask for offers again");
      case CreateAnswer.NoFit nf -> LeaseResult.failed(Failure.SHORT, "no room for the alloc on node " + nodeId
          + " now: " + Shares.shortNow(nf.shortfalls(), asked)
          + " (held by active allocs and busy function containers); retry later or ask for less");
      case CreateAnswer.Created c -> LeaseResult.ok(record(c.alloc()));
    };
  }

  /**
   * What the pool's idle containers must give back for {@code asked} to fit once expired allocs are
   * reclaimed too (the retry reclaims them): the request minus what is on offer.
   */
  private Resources beyondExpired(Resources asked, Instant now) {
    Resources capacity = ledger.capacity();
    return capacity.missing(capacity.minus(book.available(now)), asked);
  }

  private AllocRecord record(Alloc a) {
    generation.incrementAndGet();
    try {
      execs.open(a);
      store.insertAlloc(AllocRow.active(a.id(), nodeId, a.owner(), a.labels(), ResourceNames.toWire(a.resources()),
          a.createdAt(), a.expiresAt()));
    } catch (IOException | RuntimeException e) {
      book.free(a.id(), now());
      execs.endAlloc(a.id(), "it could not be recorded");
      roomFreed.run();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("could not make the scratch directory of alloc " + a.id(), io);
      }
      throw (RuntimeException) e;
    }
    return new AllocRecord(AllocViews.row(nodeId, a), List.of());
  }

  private <T> LeaseResult<T> beyondCapacity(Resources asked) {
    Resources capacity = ledger.capacity();
    return LeaseResult.failed(Failure.INVALID, "the alloc asks for more than node " + nodeId + " could ever hold: "
        + Shares.beyondCapacity(capacity.missing(Resources.ZERO, asked).asShortfalls(), asked, capacity));
  }

  @Override
  public LeaseResult<Granted> keepalive(String allocId, Duration interval) {
    if (interval.toSeconds() < 1) {
      return LeaseResult.failed(Failure.INVALID, "interval_secs must be a whole number of seconds from 1");
    }
    Instant now = now();
    synchronized (stripe(allocId)) {
      switch (book.keepalive(allocId, interval, now)) {
        case KeepaliveAnswer.Granted g -> {
          if (!store.keepalive(allocId, now, g.expiresAt())) {
            log.warn("the store did not take the keepalive of live alloc {}", allocId);
          }
          markedExpired.remove(allocId);
          keepalives.increment();
          return LeaseResult.ok(new Granted(g.granted(), g.expiresAt()));
        }
        case KeepaliveAnswer.Gone gone -> {
          return goneOrMissing(allocId);
        }
        case KeepaliveAnswer.Unknown u -> {
          return goneOrMissing(allocId);
        }
      }
    }
  }

  @Override
  public LeaseResult<AllocRecord> get(String allocId) {
    return reads.get(allocId);
  }

  @Override
  public Page<AllocRecord> list(AllocQuery query) {
    return reads.list(query);
  }

  @Override
  public LeaseResult<AllocRecord> free(String allocId) {
    Instant now = now();
    synchronized (stripe(allocId)) {
      FreeAnswer answer = book.free(allocId, now);
      if (!(answer instanceof FreeAnswer.Freed)) {
        return goneOrMissing(allocId);
      }
      generation.incrementAndGet();
      markedExpired.remove(allocId);
      execs.endAlloc(allocId, "alloc " + allocId + " was freed");
      if (!store.end(allocId, AllocState.FREED, now)) {
        log.warn("the store did not take the free of live alloc {}", allocId);
      }
    }
    roomFreed.run();
    return get(allocId);
  }

  @Override
  public LeaseResult<ExecRow> exec(String allocId, ExecRequest request) {
    Optional<Alloc> a = book.get(allocId, now());
    if (a.isEmpty() || a.get().state().ended()) {
      return goneOrMissing(allocId);
    }
    return execs.start(a.get(), request);
  }

  @Override
  public LeaseResult<ExecRow> getExec(String allocId, String execId) {
    return reads.getExec(allocId, execId);
  }

  @Override
  public Optional<LeaseResult.Failed<Void>> log(String allocId, String execId, boolean follow, OutputStream out)
      throws IOException {
    if (getExec(allocId, execId) instanceof LeaseResult.Failed<ExecRow> f) {
      return Optional.of(f.cast());
    }
    LogTail.copy(settings.logFile(allocId, execId), follow, () -> execs.running(allocId, execId), timers::closed, clock,
        settings.logPoll(), out);
    return Optional.empty();
  }

  @Override
  public LeaseResult<Path> file(String allocId, String path) {
    return reads.file(allocId, path);
  }

  @Override
  public LeaseResult<Path> scratch(String allocId) {
    return reads.scratch(allocId);
  }

  @Override
  public LeaseStats stats() {
    Map<String, Long> byState = new TreeMap<>();
    Resources leased = Resources.ZERO;
    for (Alloc a : book.list(now())) {
      byState.merge(AllocViews.word(a.state()), 1L, Long::sum);
      if (!a.state().ended()) {
        leased = leased.plus(a.resources());
      }
    }
    return new LeaseStats(byState, leased, ledger.capacity(), keepalives.sum(), reclaims.sum(), execs.ends());
  }

  /**
   * Deletes from the store the allocs that ended more than the retention period before {@code now},
   * with their execs, in short statements; returns how many. This node runs it on its collect timer
   * when {@link LeaseSettings#deleteEnded()}; an api node of a cluster calls it for everyone's.
   */
  public int deleteEnded(Instant now) {
    return housekeeping.deleteEnded(now);
  }

  @Override
  public void close() {
    timers.close();
  }

  /** The pool's RoomMaker: only the book's lock here; the kills and store writes run in the background. */
  private boolean reclaimForPool(Resources missing, Instant now) {
    List<Alloc> taken = book.reclaimFor(missing, now);
    if (taken.isEmpty()) {
      return false;
    }
    generation.incrementAndGet();
    reclaims.add(taken.size());
    background.execute(() -> ended(taken, now));
    return true;
  }

  /** Reclaims the book made for a new alloc: counted now, their execs killed and the store told here. */
  private void reclaimed(List<Alloc> taken, Instant now) {
    if (!taken.isEmpty()) {
      generation.incrementAndGet();
      reclaims.add(taken.size());
      ended(taken, now);
    }
  }

  private void ended(List<Alloc> taken, Instant now) {
    for (Alloc a : taken) {
      String reason = "alloc " + a.id() + " was reclaimed: its lease ran out at " + a.expiresAt()
          + " and the room was needed";
      log.info(reason);
      execs.endAlloc(a.id(), reason);
      synchronized (stripe(a.id())) {
        if (!store.end(a.id(), AllocState.RECLAIMED, a.endedAt().orElse(now))) {
          log.warn("the store did not take the reclaim of alloc {}", a.id());
        }
      }
      markedExpired.remove(a.id());
    }
  }

  private <T> LeaseResult<T> goneOrMissing(String allocId) {
    return reads.goneOrMissing(allocId);
  }

  private Object stripe(String allocId) {
    return stripes.of(allocId);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
