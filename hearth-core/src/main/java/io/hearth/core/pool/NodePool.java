package io.hearth.core.pool;

import static io.hearth.core.pool.DeadlineBound.earliest;

import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's containers and waiting calls, and every decision about them: which container serves
 * a call, when to start one (never more than there are calls waiting for one), what to evict to
 * make room, when to freeze, expire or drain, when to start a container ahead of calls because the
 * keep-alive policy planned one ({@link KeepAlivePolicy#prewarmAt}). Pure: each method takes an
 * event and the time and returns the {@link Action}s for the shell to carry out; nothing here does
 * I/O or reads a clock.
 *
 * <p>The pool is a client of the node's {@link Ledger}: each container's resources are reserved
 * there when its launch is decided and its grant is closed exactly once, when it retires (or its
 * launch failed). Idle containers' grants are marked reclaimable; when a reservation comes back
 * short, the {@link EvictionPolicy} chooses which of them to evict; what eviction cannot give, the
 * pool asks its {@link RoomMaker} for (the lease side's, which reclaims expired allocs), then
 * reserves again. The other way round, {@link #makeRoom} evicts idle containers for another
 * holder (a new alloc). Keep-alive, freezing and min_warm stay the pool's rules.
 *
 * <p>Not thread-safe: the shell holds one lock around every call and applies the actions outside
 * it; the ledger has a lock of its own, and so may the room maker, which the pool calls under the
 * shell's lock (lock order: pool, then lease book, then ledger). Ids of calls are the shell's; ids
 * of containers are made here. Parts: {@link ContainerTable} (containers, slots, grants), {@link
 * Room} (eviction and the room maker), {@link LaunchRules} (when to start for waiting calls),
 * {@link WaitQueue}, {@link IdleLifetimes} (keep-alive and freeze), {@link AheadOfCalls}
 * (prewarms and min_warm, with {@link MinWarmPlan} and {@link PrewarmSchedule}), {@link
 * DeadlineBound}.
 */
public final class NodePool {
  private final KeepAlivePolicy keepAlive;
  private final DeadlineBound deadlines = new DeadlineBound();
  private final MinWarmPlan minWarm = new MinWarmPlan(deadlines);
  private final ContainerTable table;
  private final Room room;
  private final IdleLifetimes lifetimes;
  private final Map<SlotKey, SlotQueue> slots;
  private final WaitQueue waiters;
  private final AheadOfCalls ahead;
  private final LaunchRules launches;
  /** How long a bound may stand without a full recount while containers are idle (a safety net). */
  static final Duration RECOUNT = DeadlineBound.RECOUNT;
  /** How long a function short of its min_warm containers waits before the pool tries again to start them. */
  static final Duration MIN_WARM_RETRY = MinWarmPlan.RETRY;

  /** A pool with a ledger of its own, of {@code config.capacity()}, and no other holder to take room from (tests, simulations). */
  public NodePool(PoolConfig config, EvictionPolicy eviction, KeepAlivePolicy keepAlive) {
    this(config, new Ledger(config.capacity()), eviction, keepAlive, RoomMaker.NONE);
  }

  /**
   * A pool reserving its containers' resources in {@code ledger}, whose capacity must be {@code
   * config.capacity()}.
   *
   * @param roomMaker asked for what is still missing when a call's container does not fit after
   *                  evicting idle containers (the lease side's reclaim of expired allocs); {@link
   *                  RoomMaker#NONE} for none. Called under the shell's lock
   */
  public NodePool(PoolConfig config, Ledger ledger, EvictionPolicy eviction, KeepAlivePolicy keepAlive,
      RoomMaker roomMaker) {
    if (!ledger.capacity().equals(config.capacity())) {
      throw new IllegalArgumentException("the pool's capacity " + config.capacity() + " is not its ledger's "
          + ledger.capacity());
    }
    this.keepAlive = keepAlive;
    this.table = new ContainerTable(ledger, eviction, keepAlive, deadlines, minWarm);
    this.room = new Room(table, eviction, roomMaker);
    this.slots = table.slots;
    this.lifetimes = new IdleLifetimes(keepAlive, config, minWarm, table);
    this.waiters = new WaitQueue(config.maxQueueWait(), deadlines);
    this.launches = new LaunchRules(config, table, room, waiters);
    this.ahead = new AheadOfCalls(table, deadlines, minWarm);
  }

  /** As the five-argument constructor, with no room maker. */
  public NodePool(PoolConfig config, Ledger ledger, EvictionPolicy eviction, KeepAlivePolicy keepAlive) {
    this(config, ledger, eviction, keepAlive, RoomMaker.NONE);
  }

  /** Replaces the room maker (the lease side is built after the pool); under the shell's lock. */
  public void roomMaker(RoomMaker roomMaker) {
    room.roomMaker(roomMaker);
  }

  /**
   * Another holder of the ledger (a new alloc) lacks {@code missing}: evicts idle containers of any
   * function — never busy or starting ones — chosen by the eviction policy to cover all of it, or
   * none when they cannot (containers hold memory and CPU only). Their grants are released when
   * this returns; the returned {@link Action.Retire}s remove the containers.
   */
  public List<Action> makeRoom(Resources missing, Instant now) {
    List<Action> out = new ArrayList<>();
    room.evictForOther(missing, now, out);
    return out;
  }

  /** Another holder released room (an alloc was freed): calls waiting for a container may now get one. */
  public List<Action> roomFreed(Instant now) {
    List<Action> out = new ArrayList<>();
    launchPending(now, out);
    return out;
  }

  /** The ledger the pool reserves in. */
  public Ledger ledger() {
    return table.ledger();
  }

  /** What one container of the slot is granted. */
  public static Resources request(SlotKey slot) {
    return ContainerTable.request(slot);
  }

  /** A call for {@code slot} arrived. */
  public List<Action> submit(long call, SlotKey slot, Instant now) {
    List<Action> out = new ArrayList<>();
    if (!table.ledger().couldEverFit(request(slot))) {
      waiters.refused++;
      out.add(new Action.Reject(call, Action.Rejection.TOO_BIG));
      return out;
    }
    keepAlive.onCall(slot, now);
    ahead.callArrived(slot);
    SlotQueue s = table.slot(slot);
    deadlines.touch(s); // its policy state, its queue
    PooledContainer idle = s.idle.pollFirst();
    if (idle != null) {
      out.add(table.assign(idle, call, false, now));
      return out;
    }
    waiters.add(call, slot, s, now);
    launches.launchFor(slot, s, now, out);
    return out;
  }

  /** Container {@code id} is listening. */
  public List<Action> ready(long id, Instant now) {
    List<Action> out = new ArrayList<>();
    PooledContainer c = table.containers.get(id);
    if (c == null || c.state != PooledContainer.State.STARTING) {
      return out;
    }
    SlotQueue s = slots.get(c.slot);
    s.starting--;
    deadlines.touch(s);
    c.startup = Duration.between(c.launched, now);
    launches.started(c.slot, c.startup);
    WaitingCall w = waiters.takeFirst(s);
    if (w != null) {
      out.add(table.assign(c, w.call(), true, now));
      if (launches.bounded()) {
        launchPending(now, out); // a start ended: one held back by the bound may begin
      }
    } else if (c.drain || c.exited) {
      table.retire(c, Action.RetireReason.DRAINED, now, out);
      launchPending(now, out);
    } else {
      table.goIdle(c, s, now);
      launchPending(now, out);
    }
    return out;
  }

  /** Container {@code id} failed to start; its failure answers the call that waited longest. */
  public List<Action> launchFailed(long id, Instant now) {
    List<Action> out = new ArrayList<>();
    PooledContainer c = table.containers.get(id);
    if (c == null || c.state != PooledContainer.State.STARTING) {
      return out;
    }
    SlotQueue s = slots.get(c.slot);
    s.starting--;
    deadlines.touch(s);
    table.release(c, now);
    WaitingCall w = waiters.takeFirst(s);
    if (w != null) {
      out.add(new Action.FailWithLaunch(w.call(), id));
    }
    launchPending(now, out);
    table.forgetSlotIfEmpty(c.slot, s);
    return out;
  }

  /** The call in container {@code id} ended; {@code reusable}: the container can serve another. */
  public List<Action> finished(long id, boolean reusable, Instant now) {
    List<Action> out = new ArrayList<>();
    PooledContainer c = table.containers.get(id);
    if (c == null || c.state != PooledContainer.State.BUSY) {
      return out;
    }
    c.lastUsed = now;
    if (c.busySince != null) {
      launches.ran(c.slot, Duration.between(c.busySince, now));
    }
    SlotQueue s = slots.get(c.slot);
    deadlines.touch(s);
    if (!reusable || c.drain || c.exited) {
      table.stopRunning(c, s, now);
      table.retire(c, reusable && c.drain ? Action.RetireReason.DRAINED : Action.RetireReason.BROKEN, now, out);
      launchPending(now, out);
      return out;
    }
    WaitingCall w = waiters.takeFirst(s);
    if (w != null) { // handed straight on: the slot runs as many calls as before
      out.add(table.assign(c, w.call(), false, now));
    } else {
      table.stopRunning(c, s, now);
      table.goIdle(c, s, now);
      launchPending(now, out); // an idle container can be evicted for calls of other functions
    }
    return out;
  }

  /** The engine reports container {@code id} stopped. */
  public List<Action> exited(long id, Instant now) {
    List<Action> out = new ArrayList<>();
    PooledContainer c = table.containers.get(id);
    if (c == null) {
      return out;
    }
    c.exited = true;
    if (c.state == PooledContainer.State.IDLE) {
      table.removeIdle(c);
      table.retire(c, Action.RetireReason.EXITED, now, out);
      launchPending(now, out);
    } // a starting one is reported by its launcher, a busy one by its call
    return out;
  }

  /** Call {@code call} no longer waits (its client went away). */
  public List<Action> cancel(long call) {
    waiters.cancel(call, slots);
    return List.of();
  }

  /** Time passed: refuse calls that waited too long, expire and freeze idle containers, start planned prewarms. */
  public List<Action> tick(Instant now) {
    List<Action> out = new ArrayList<>();
    waiters.refuseOverdue(slots.values(), now, out);
    boolean freed = false;
    for (PooledContainer c : table.containers.values().stream().filter(x -> x.state == PooledContainer.State.IDLE).toList()) {
      if (lifetimes.expired(c, now)) {
        if (!c.prewarmed) { // an unused prewarmed container was a wrong guess: no new plan from it
          keepAlive.prewarmAt(c.slot, c.idleSince, c.rank).ifPresent(at -> ahead.plan(c.slot, at));
        }
        table.removeIdle(c);
        table.retire(c, Action.RetireReason.EXPIRED, now, out);
        freed = true;
      } else if (lifetimes.freezeDue(c, now)) {
        c.frozen = true;
        out.add(new Action.Freeze(c.id));
      }
    }
    if (freed) {
      launchPending(now, out);
    }
    launches.tick(now, out);
    ahead.tick(now, out);
    deadlines.recount(now, scanDeadlines(), slots.values().stream().anyMatch(s -> !s.idle.isEmpty()));
    return out;
  }

  /** The earliest deadline of all, found the slow way; null for none. */
  private Instant scanDeadlines() {
    Instant next = earliest(ahead.earliestDue(), launches.recheckAt());
    for (SlotQueue s : slots.values()) {
      next = earliest(next, lifetimes.deadlineOf(s));
    }
    return next;
  }

  /** For tests: the exact earliest deadline, which {@link #nextDeadline} is never later than. */
  Optional<Instant> exactDeadline() {
    return Optional.ofNullable(scanDeadlines());
  }

  /**
   * When {@link #tick} has something to do next, if ever: never later than that, sometimes earlier
   * (a tick that finds nothing to do recounts). Costs the slots touched since it was last asked;
   * prewarms are planned and min_warm retries set only where the bound is kept.
   */
  public Optional<Instant> nextDeadline() {
    Optional<Instant> next = deadlines.next(lifetimes::deadlineOf);
    Instant recheck = launches.recheckAt();
    return recheck == null ? next : Optional.of(next.map(n -> earliest(n, recheck)).orElse(recheck));
  }

  /** The function changed or was deleted: its idle containers retire, busy and starting ones after their call. */
  public List<Action> retireFunction(String fnId, Instant now) {
    List<Action> out = new ArrayList<>();
    ahead.forgetFunction(fnId);
    for (PooledContainer c : table.containers.values().stream().filter(x -> x.slot.fnId().equals(fnId)).toList()) {
      if (c.state == PooledContainer.State.IDLE) {
        table.removeIdle(c);
        table.retire(c, Action.RetireReason.DRAINED, now, out);
      } else {
        c.drain = true;
      }
    }
    launchPending(now, out);
    return out;
  }

  /** Starts up to {@code count} containers of the slot ahead of calls, as far as room allows (no eviction). */
  public List<Action> prewarm(SlotKey slot, int count, Instant now) {
    List<Action> out = new ArrayList<>();
    ahead.prewarm(slot, count, now, out);
    return out;
  }

  /**
   * Keeps at least {@code count} containers of the function's slot started (busy or idle) while the
   * node has room for them: they are never retired for idleness, those that exit or are evicted
   * are started again (every {@link #MIN_WARM_RETRY} while there is no room), and none is started
   * by evicting others. Replaces the function's earlier setting, whose containers then expire as
   * usual; a count of 0 ends it.
   */
  public List<Action> keepWarm(SlotKey slot, int count, Instant now) {
    List<Action> out = new ArrayList<>();
    ahead.keepWarm(slot, count, now, out);
    return out;
  }

  /** Retires everything and refuses every waiting call. */
  public List<Action> shutdown() {
    List<Action> out = new ArrayList<>();
    ahead.clear();
    waiters.refuseAll(slots, out);
    for (PooledContainer c : List.copyOf(table.containers.values())) {
      if (c.state == PooledContainer.State.IDLE) {
        table.removeIdle(c);
      } else if (c.state == PooledContainer.State.STARTING) {
        slots.get(c.slot).starting--;
      }
      table.retire(c, Action.RetireReason.SHUTDOWN, Instant.EPOCH, out); // min_warm is over: no time needed
    }
    return out;
  }

  /** The pool's containers and counts; capacity and used are the ledger's (other holders' grants included). */
  public PoolSnapshot snapshot() {
    return PoolSnapshot.of(table.ledger().capacity(), table.ledger().used(), table.containers.values(), waiters.size(),
        table.coldStarts, table.warmStarts, waiters.refused, table.evictions);
  }

  /** A function's containers, oldest first. */
  public List<PoolContainer> containers(String fnId) {
    List<PoolContainer> out = new ArrayList<>();
    for (PooledContainer c : table.containers.values()) {
      if (c.slot.fnId().equals(fnId)) {
        out.add(PoolContainer.of(c));
      }
    }
    out.sort(java.util.Comparator.comparing(PoolContainer::launched).thenComparingLong(PoolContainer::poolId));
    return out;
  }

  /** Room may have freed up: launch for waiting calls, those that waited longest first. */
  private void launchPending(Instant now, List<Action> out) {
    launches.launchPending(now, out);
  }

  /** For tests: checks the pool's bookkeeping; throws on the first broken invariant. */
  void checkInvariants() {
    PoolInvariants.check(table.ledger(), slots, table.containers, waiters.byCall);
    Optional<Instant> exact = exactDeadline();
    Optional<Instant> bound = nextDeadline();
    if (exact.isPresent() && (bound.isEmpty() || bound.get().isAfter(exact.get()))) {
      throw new IllegalStateException("the deadline bound " + bound + " is later than the next deadline " + exact);
    }
  }
}
