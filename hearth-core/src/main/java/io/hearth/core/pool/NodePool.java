package io.hearth.core.pool;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * <p>Not thread-safe: the shell holds one lock around every call and applies the actions outside
 * it. Ids of calls are the shell's; ids of containers are made here.
 *
 * <p>Resources are granted when a launch is decided and released exactly once, when the container
 * is retired (or its launch failed), so {@code used} never exceeds the capacity.
 */
public final class NodePool {
  private static final long MB = 1024 * 1024;

  private final PoolConfig config;
  private final EvictionPolicy eviction;
  private final KeepAlivePolicy keepAlive;
  private final Map<SlotKey, SlotQueue> slots = new HashMap<>();
  private final Map<Long, PooledContainer> containers = new LinkedHashMap<>();
  private final Map<Long, WaitingCall> waiters = new HashMap<>();
  private final PrewarmSchedule prewarms = new PrewarmSchedule();
  /** Per function: the slot kept warm and how many containers it keeps (min_warm). */
  private final Map<String, MinWarm> minWarm = new HashMap<>();
  /** When to try again to start the min_warm containers that did not fit; null when none is missing. */
  private Instant minWarmRetry;
  /**
   * No later than the earliest deadline (null: none): recomputed whole by {@link #tick}, lowered in
   * between for the slots whose queues, ranks or policy state changed ({@link #touched}), so that a
   * call costs the pool work in its own slot only, however many containers the node holds.
   */
  private Instant deadlineBound;
  private final List<SlotQueue> touched = new ArrayList<>();
  /** How long a bound may stand without a full recount while containers are idle (a safety net). */
  static final Duration RECOUNT = Duration.ofSeconds(1);
  private Resources used = Resources.ZERO;
  private long nextId = 1;
  private long refused;
  private long evictions;
  private long coldStarts;
  private long warmStarts;

  private record MinWarm(SlotKey slot, int count) {}

  /** How long a function short of its min_warm containers waits before the pool tries again to start them. */
  static final Duration MIN_WARM_RETRY = Duration.ofSeconds(5);

  public NodePool(PoolConfig config, EvictionPolicy eviction, KeepAlivePolicy keepAlive) {
    this.config = config;
    this.eviction = eviction;
    this.keepAlive = keepAlive;
  }

  /** What one container of the slot is granted. */
  public static Resources request(SlotKey slot) {
    return new Resources(slot.memoryMb() * MB, slot.cpuMillis());
  }

  /** A call for {@code slot} arrived. */
  public List<Action> submit(long call, SlotKey slot, Instant now) {
    List<Action> out = new ArrayList<>();
    if (!config.capacity().fits(Resources.ZERO, request(slot))) {
      refused++;
      out.add(new Action.Reject(call, Action.Rejection.TOO_BIG));
      return out;
    }
    keepAlive.onCall(slot, now);
    prewarms.cancel(slot); // the call starts or finds its own container
    SlotQueue s = slots.computeIfAbsent(slot, k -> new SlotQueue());
    touch(s); // its policy state, its queue
    PooledContainer idle = s.idle.pollFirst();
    if (idle != null) {
      out.add(assign(idle, call, false, now));
      return out;
    }
    WaitingCall w = new WaitingCall(call, slot, now, now.plus(config.maxQueueWait()));
    s.waiting.addLast(w);
    waiters.put(call, w);
    launchFor(slot, s, now, out);
    return out;
  }

  /** Container {@code id} is listening. */
  public List<Action> ready(long id, Instant now) {
    List<Action> out = new ArrayList<>();
    PooledContainer c = containers.get(id);
    if (c == null || c.state != PooledContainer.State.STARTING) {
      return out;
    }
    SlotQueue s = slots.get(c.slot);
    s.starting--;
    touch(s);
    c.startup = Duration.between(c.launched, now);
    WaitingCall w = s.waiting.pollFirst();
    if (w != null) {
      waiters.remove(w.call());
      out.add(assign(c, w.call(), true, now));
    } else if (c.drain || c.exited) {
      retire(c, Action.RetireReason.DRAINED, now, out);
      launchPending(now, out);
    } else {
      goIdle(c, s, now);
      launchPending(now, out);
    }
    return out;
  }

  /** Container {@code id} failed to start; its failure answers the call that waited longest. */
  public List<Action> launchFailed(long id, Instant now) {
    List<Action> out = new ArrayList<>();
    PooledContainer c = containers.get(id);
    if (c == null || c.state != PooledContainer.State.STARTING) {
      return out;
    }
    SlotQueue s = slots.get(c.slot);
    s.starting--;
    touch(s);
    release(c, now);
    WaitingCall w = s.waiting.pollFirst();
    if (w != null) {
      waiters.remove(w.call());
      out.add(new Action.FailWithLaunch(w.call(), id));
    }
    launchPending(now, out);
    forgetSlotIfEmpty(c.slot, s);
    return out;
  }

  /** The call in container {@code id} ended; {@code reusable}: the container can serve another. */
  public List<Action> finished(long id, boolean reusable, Instant now) {
    List<Action> out = new ArrayList<>();
    PooledContainer c = containers.get(id);
    if (c == null || c.state != PooledContainer.State.BUSY) {
      return out;
    }
    c.lastUsed = now;
    SlotQueue s = slots.get(c.slot);
    touch(s);
    if (!reusable || c.drain || c.exited) {
      stopRunning(c, s, now);
      retire(c, reusable && c.drain ? Action.RetireReason.DRAINED : Action.RetireReason.BROKEN, now, out);
      launchPending(now, out);
      return out;
    }
    WaitingCall w = s.waiting.pollFirst();
    if (w != null) { // handed straight on: the slot runs as many calls as before
      waiters.remove(w.call());
      out.add(assign(c, w.call(), false, now));
    } else {
      stopRunning(c, s, now);
      goIdle(c, s, now);
      launchPending(now, out); // an idle container can be evicted for calls of other functions
    }
    return out;
  }

  /** The engine reports container {@code id} stopped. */
  public List<Action> exited(long id, Instant now) {
    List<Action> out = new ArrayList<>();
    PooledContainer c = containers.get(id);
    if (c == null) {
      return out;
    }
    c.exited = true;
    if (c.state == PooledContainer.State.IDLE) {
      removeIdle(c);
      retire(c, Action.RetireReason.EXITED, now, out);
      launchPending(now, out);
    } // a starting one is reported by its launcher, a busy one by its call
    return out;
  }

  /** Call {@code call} no longer waits (its client went away). */
  public List<Action> cancel(long call) {
    WaitingCall w = waiters.remove(call);
    if (w != null) {
      SlotQueue s = slots.get(w.slot());
      s.waiting.remove(w);
      touch(s);
    }
    return List.of();
  }

  /** Time passed: refuse calls that waited too long, expire and freeze idle containers, start planned prewarms. */
  public List<Action> tick(Instant now) {
    List<Action> out = new ArrayList<>();
    for (SlotQueue s : slots.values()) {
      for (WaitingCall w : s.takeOverdue(now)) { // calls waiting for a start are left to the init timeout
        waiters.remove(w.call());
        refused++;
        out.add(new Action.Reject(w.call(), Action.Rejection.TOO_BUSY));
      }
    }
    boolean freed = false;
    for (PooledContainer c : containers.values().stream().filter(x -> x.state == PooledContainer.State.IDLE).toList()) {
      if (!keptWarm(c) && !now.isBefore(c.idleSince.plus(keepAliveOf(c)))) {
        if (!c.prewarmed) { // an unused prewarmed container was a wrong guess: no new plan from it
          keepAlive.prewarmAt(c.slot, c.idleSince, c.rank).ifPresent(at -> prewarms.plan(c.slot, at));
        }
        removeIdle(c);
        retire(c, Action.RetireReason.EXPIRED, now, out);
        freed = true;
      } else if (config.freezes() && !c.frozen && !now.isBefore(c.idleSince.plus(config.freezeGrace()))) {
        c.frozen = true;
        out.add(new Action.Freeze(c.id));
      }
    }
    if (freed) {
      launchPending(now, out);
    }
    for (SlotKey slot : prewarms.takeDue(now)) {
      launchPrewarmed(slot, now, out);
    }
    if (minWarmRetry != null && !now.isBefore(minWarmRetry)) {
      minWarmRetry = null;
      for (MinWarm m : List.copyOf(minWarm.values())) {
        topUp(m, now, out);
      }
    }
    recount(now);
    return out;
  }

  private void touch(SlotQueue s) {
    if (!s.touched) {
      s.touched = true;
      touched.add(s);
    }
  }

  /** Sets the deadline bound to the exact earliest deadline, looking at every slot and container. */
  private void recount(Instant now) {
    touched.forEach(s -> s.touched = false);
    touched.clear();
    Instant next = scanDeadlines();
    boolean idle = slots.values().stream().anyMatch(s -> !s.idle.isEmpty());
    deadlineBound = idle ? earliest(next, now.plus(RECOUNT)) : next;
  }

  /** The earliest deadline of all, found the slow way; null for none. */
  private Instant scanDeadlines() {
    Instant next = earliest(prewarms.earliest().orElse(null), minWarmRetry);
    for (SlotQueue s : slots.values()) {
      next = earliest(next, deadlineOf(s));
    }
    return next;
  }

  /** For tests: the exact earliest deadline, which {@link #nextDeadline} is never later than. */
  Optional<Instant> exactDeadline() {
    return Optional.ofNullable(scanDeadlines());
  }

  /** The slot's earliest deadline: a waiting call's longest wait, its idle containers' freezes and expiries. */
  private Instant deadlineOf(SlotQueue s) {
    Instant next = s.nextOverdue();
    for (PooledContainer c : s.idle) {
      next = earliest(next, deadlineOf(c));
    }
    return next;
  }

  /** When idle container {@code c} next needs the pool: its freeze or its expiry; null for never. */
  private Instant deadlineOf(PooledContainer c) {
    Instant at = keptWarm(c) ? null : c.idleSince.plus(keepAliveOf(c));
    if (config.freezes() && !c.frozen) {
      at = earliest(at, c.idleSince.plus(config.freezeGrace()));
    }
    return at;
  }

  /**
   * When {@link #tick} has something to do next, if ever: never later than that, sometimes earlier
   * (a tick that finds nothing to do recounts). Costs the slots touched since it was last asked.
   */
  public Optional<Instant> nextDeadline() {
    for (SlotQueue s : touched) {
      s.touched = false;
      deadlineBound = earliest(deadlineBound, deadlineOf(s));
    }
    touched.clear(); // prewarms are planned and min_warm retries set only where the bound is kept
    return Optional.ofNullable(deadlineBound);
  }

  /** The function changed or was deleted: its idle containers retire, busy and starting ones after their call. */
  public List<Action> retireFunction(String fnId, Instant now) {
    List<Action> out = new ArrayList<>();
    prewarms.cancelFunction(fnId);
    forgetMinWarm(fnId);
    for (PooledContainer c : containers.values().stream().filter(x -> x.slot.fnId().equals(fnId)).toList()) {
      if (c.state == PooledContainer.State.IDLE) {
        removeIdle(c);
        retire(c, Action.RetireReason.DRAINED, now, out);
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
    SlotQueue s = slots.computeIfAbsent(slot, k -> new SlotQueue());
    for (int i = 0; i < count && config.capacity().fits(used, request(slot)); i++) {
      out.add(launch(slot, s, now, true));
    }
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
    forgetMinWarm(slot.fnId());
    if (count <= 0) {
      return out;
    }
    MinWarm m = new MinWarm(slot, count);
    minWarm.put(slot.fnId(), m);
    topUp(m, now, out);
    return out;
  }

  /** Starts the containers the function's min_warm lacks, as far as room allows. */
  private void topUp(MinWarm m, Instant now, List<Action> out) {
    SlotQueue s = slots.computeIfAbsent(m.slot(), k -> new SlotQueue());
    while (s.live < m.count() && config.capacity().fits(used, request(m.slot()))) {
      out.add(launch(m.slot(), s, now, true));
    }
    if (s.live < m.count()) {
      retryMinWarmAt(now.plus(MIN_WARM_RETRY));
    }
    forgetSlotIfEmpty(m.slot(), s);
  }

  /** Ends the function's min_warm: the containers it kept may expire from now on. */
  private void forgetMinWarm(String fnId) {
    MinWarm m = minWarm.remove(fnId);
    if (m != null && slots.get(m.slot()) != null) {
      touch(slots.get(m.slot()));
    }
  }

  private void retryMinWarmAt(Instant at) {
    minWarmRetry = earliest(minWarmRetry, at);
    deadlineBound = earliest(deadlineBound, at);
  }

  /** Whether the container is one its function's min_warm keeps: idleness does not retire it. */
  private boolean keptWarm(PooledContainer c) {
    MinWarm m = minWarm.get(c.slot.fnId());
    return m != null && m.slot().equals(c.slot) && slots.get(c.slot).live <= m.count();
  }

  /** Retires everything and refuses every waiting call. */
  public List<Action> shutdown() {
    List<Action> out = new ArrayList<>();
    prewarms.clear();
    minWarm.clear();
    minWarmRetry = null;
    for (WaitingCall w : List.copyOf(waiters.values())) {
      slots.get(w.slot()).waiting.remove(w);
      out.add(new Action.Reject(w.call(), Action.Rejection.TOO_BUSY));
    }
    waiters.clear();
    for (PooledContainer c : List.copyOf(containers.values())) {
      if (c.state == PooledContainer.State.IDLE) {
        removeIdle(c);
      } else if (c.state == PooledContainer.State.STARTING) {
        slots.get(c.slot).starting--;
      }
      retire(c, Action.RetireReason.SHUTDOWN, Instant.EPOCH, out); // min_warm is over: no time needed
    }
    return out;
  }

  public PoolSnapshot snapshot() {
    return PoolSnapshot.of(config.capacity(), used, containers.values(), waiters.size(), coldStarts, warmStarts,
        refused, evictions);
  }

  /** Starts containers for the slot's waiting calls that no starting container will serve. */
  private void launchFor(SlotKey key, SlotQueue s, Instant now, List<Action> out) {
    while (s.waiting.size() > s.starting) {
      Resources req = request(key);
      if (!config.capacity().fits(used, req) && !evictFor(key, req, now, out)) {
        if (config.nonBlocking()) {
          while (s.waiting.size() > s.starting) {
            WaitingCall w = s.waiting.pollLast();
            waiters.remove(w.call());
            refused++;
            out.add(new Action.Reject(w.call(), Action.Rejection.TOO_BUSY));
          }
        }
        return; // blocking: the calls wait until room frees up or their wait runs out
      }
      out.add(launch(key, s, now, false));
    }
  }

  /** Room may have freed up: launch for waiting calls, those that waited longest first. */
  private void launchPending(Instant now, List<Action> out) {
    if (waiters.isEmpty()) {
      return; // the common case, and then no slot needs looking at
    }
    List<Map.Entry<SlotKey, SlotQueue>> pending = new ArrayList<>();
    for (Map.Entry<SlotKey, SlotQueue> e : slots.entrySet()) {
      if (e.getValue().waiting.size() > e.getValue().starting) {
        pending.add(e);
      }
    }
    pending.sort(Comparator.comparing(e -> e.getValue().waiting.peekFirst().since()));
    for (Map.Entry<SlotKey, SlotQueue> e : pending) {
      launchFor(e.getKey(), e.getValue(), now, out);
    }
  }

  private boolean evictFor(SlotKey key, Resources req, Instant now, List<Action> out) {
    List<PooledContainer> victims = Victims.choose(eviction, containers.values(), key, config.capacity(), used, req, now);
    for (PooledContainer c : victims) {
      removeIdle(c);
      retire(c, Action.RetireReason.EVICTED, now, out);
      evictions++;
    }
    return !victims.isEmpty() && config.capacity().fits(used, req);
  }

  /** A planned prewarm: only when the slot has no container idle or starting and there is room (no eviction). */
  private void launchPrewarmed(SlotKey slot, Instant now, List<Action> out) {
    SlotQueue s = slots.computeIfAbsent(slot, k -> new SlotQueue());
    if (s.idle.isEmpty() && s.starting == 0 && s.waiting.isEmpty() && config.capacity().fits(used, request(slot))) {
      out.add(launch(slot, s, now, true));
    }
    forgetSlotIfEmpty(slot, s);
  }

  /** @param ahead started ahead of calls (prewarmed) rather than for a waiting call */
  private Action.Launch launch(SlotKey key, SlotQueue s, Instant now, boolean ahead) {
    Resources req = request(key);
    PooledContainer c = new PooledContainer(nextId++, key, req, now);
    c.prewarmed = ahead;
    used = used.plus(req);
    containers.put(c.id, c);
    s.starting++;
    s.live++;
    touch(s); // one more live: a min_warm slot may now have a container to expire
    return new Action.Launch(c.id, key);
  }

  /** @param cold the call waited for this container to start (not: the container's first call) */
  private Action.Assign assign(PooledContainer c, long call, boolean cold, Instant now) {
    boolean thaw = c.frozen;
    if (c.state != PooledContainer.State.BUSY) {
      SlotQueue s = slots.get(c.slot);
      s.busy++;
      s.rerank(); // one more running, one fewer idle ahead: the others keep their rank
      keepAlive.onRunning(c.slot, s.busy, now);
      touch(s);
    }
    c.state = PooledContainer.State.BUSY;
    c.frozen = false;
    c.prewarmed = false;
    c.calls++;
    eviction.onAssign(c.id, c.slot, now);
    if (cold) {
      coldStarts++;
    } else {
      warmStarts++;
    }
    return new Action.Assign(call, c.id, thaw, cold);
  }

  private void goIdle(PooledContainer c, SlotQueue s, Instant now) {
    c.state = PooledContainer.State.IDLE;
    c.idleSince = now;
    s.idle.addFirst(c);
    s.rerank();
    touch(s);
  }

  /** Busy container {@code c} ended its call and takes no other at once. */
  private void stopRunning(PooledContainer c, SlotQueue s, Instant now) {
    s.busy--;
    s.rerank(); // one fewer running: the idle ones move up (one that goes idle now is put ahead of them)
    keepAlive.onRunning(c.slot, s.busy, now);
    touch(s);
  }

  /** Takes idle container {@code c} out of its slot's queue; those behind it move up a rank. */
  private void removeIdle(PooledContainer c) {
    SlotQueue s = slots.get(c.slot);
    s.idle.remove(c);
    s.rerank();
    touch(s);
  }

  private void retire(PooledContainer c, Action.RetireReason reason, Instant now, List<Action> out) {
    release(c, now);
    out.add(new Action.Retire(c.id, reason));
    forgetSlotIfEmpty(c.slot, slots.get(c.slot));
  }

  private void release(PooledContainer c, Instant now) {
    if (containers.remove(c.id) != null) {
      used = used.minus(c.grant);
      SlotQueue s = slots.get(c.slot);
      int live = --s.live;
      touch(s);
      eviction.onRelease(c.id, c.slot, live);
      MinWarm m = minWarm.get(c.slot.fnId());
      if (m != null && m.slot().equals(c.slot) && live < m.count()) {
        retryMinWarmAt(now.plus(MIN_WARM_RETRY)); // started again later, not in a loop
      }
    }
  }

  private void forgetSlotIfEmpty(SlotKey key, SlotQueue s) {
    if (s != null && s.waiting.isEmpty() && s.live == 0) {
      slots.remove(key);
    }
  }

  private Duration keepAliveOf(PooledContainer c) {
    return c.prewarmed ? keepAlive.keepAlivePrewarmed(c.slot, c.idleSince)
        : keepAlive.keepAlive(c.slot, c.idleSince, c.rank);
  }

  /** The earlier of two times, either of which may be null (never). */
  private static Instant earliest(Instant a, Instant b) {
    return a == null || (b != null && b.isBefore(a)) ? b : a;
  }

  /** For tests: checks the pool's bookkeeping; throws on the first broken invariant. */
  void checkInvariants() {
    PoolInvariants.check(config.capacity(), used, slots, containers, waiters);
    Optional<Instant> exact = exactDeadline();
    Optional<Instant> bound = nextDeadline();
    if (exact.isPresent() && (bound.isEmpty() || bound.get().isAfter(exact.get()))) {
      throw new IllegalStateException("the deadline bound " + bound + " is later than the next deadline " + exact);
    }
  }
}
