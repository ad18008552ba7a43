package io.hearth.core.pool;

import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool's containers and slots, and each container's moves between states: launched (its
 * resources reserved in the {@link Ledger}), assigned a call, idle, retired (its grant closed,
 * exactly once). Keeps each slot's counts and ranks, tells the policies what they follow ({@link
 * EvictionPolicy#onAssign}, {@link KeepAlivePolicy#onRunning}), marks idle containers' grants
 * reclaimable, and touches the {@link DeadlineBound} of every slot it changes. Owned by the {@link
 * NodePool} (under the shell's lock).
 */
final class ContainerTable {
  private static final long MB = 1024 * 1024;

  final Map<SlotKey, SlotQueue> slots = new HashMap<>();
  /** In launch order, which is also the order of their grants in the ledger. */
  final Map<Long, PooledContainer> containers = new LinkedHashMap<>();
  private final Ledger ledger;
  private final EvictionPolicy eviction;
  private final KeepAlivePolicy keepAlive;
  private final DeadlineBound deadlines;
  private final MinWarmPlan minWarm;
  private long nextId = 1;
  long evictions;
  long coldStarts;
  long warmStarts;

  ContainerTable(Ledger ledger, EvictionPolicy eviction, KeepAlivePolicy keepAlive, DeadlineBound deadlines,
      MinWarmPlan minWarm) {
    this.ledger = ledger;
    this.eviction = eviction;
    this.keepAlive = keepAlive;
    this.deadlines = deadlines;
    this.minWarm = minWarm;
  }

  /** What one container of the slot is granted. */
  static Resources request(SlotKey slot) {
    return new Resources(slot.memoryMb() * MB, slot.cpuMillis());
  }

  Ledger ledger() {
    return ledger;
  }

  SlotQueue slot(SlotKey key) {
    return slots.computeIfAbsent(key, k -> new SlotQueue());
  }

  /**
   * Reserves a container of {@code key}; when granted, adds its launch to {@code out}.
   *
   * @param ahead started ahead of calls (prewarmed) rather than for a waiting call
   * @return the ledger's answer: on {@link Reservation.Short} nothing was launched
   */
  Reservation launch(SlotKey key, SlotQueue s, Instant now, boolean ahead, List<Action> out) {
    PooledContainer c = new PooledContainer(nextId, key, now);
    Reservation r = ledger.reserve(c, request(key), now);
    if (r instanceof Reservation.Granted g) {
      nextId++;
      c.grant = g.grant();
      c.prewarmed = ahead;
      containers.put(c.id, c);
      s.starting++;
      s.live++;
      deadlines.touch(s); // one more live: a min_warm slot may now have a container to expire
      out.add(new Action.Launch(c.id, key));
    }
    return r;
  }

  /** The idle containers of other slots than {@code key} among the grants the ledger says are reclaimable. */
  List<PooledContainer> evictable(Reservation.Short shortage, SlotKey key) {
    List<PooledContainer> out = new ArrayList<>();
    for (var g : shortage.reclaimable()) {
      if (g.holder() instanceof PooledContainer c && containers.get(c.id) == c && c.state == PooledContainer.State.IDLE
          && !c.slot.equals(key)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Every idle container, of any slot, in launch order. */
  List<PooledContainer> idle() {
    List<PooledContainer> out = new ArrayList<>();
    for (PooledContainer c : containers.values()) {
      if (c.state == PooledContainer.State.IDLE) {
        out.add(c);
      }
    }
    return out;
  }

  /** @param cold the call waited for this container to start (not: the container's first call) */
  Action.Assign assign(PooledContainer c, long call, boolean cold, Instant now) {
    boolean thaw = c.frozen;
    if (c.state != PooledContainer.State.BUSY) {
      SlotQueue s = slots.get(c.slot);
      s.busy++;
      s.rerank(); // one more running, one fewer idle ahead: the others keep their rank
      keepAlive.onRunning(c.slot, s.busy, now);
      deadlines.touch(s);
    }
    c.state = PooledContainer.State.BUSY;
    c.busySince = now;
    c.grant.reclaimable(false);
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

  void goIdle(PooledContainer c, SlotQueue s, Instant now) {
    c.state = PooledContainer.State.IDLE;
    c.grant.reclaimable(true); // an idle container may be evicted for another slot's calls
    c.idleSince = now;
    s.idle.addFirst(c);
    s.rerank();
    deadlines.touch(s);
  }

  /** Busy container {@code c} ended its call and takes no other at once. */
  void stopRunning(PooledContainer c, SlotQueue s, Instant now) {
    s.busy--;
    s.rerank(); // one fewer running: the idle ones move up (one that goes idle now is put ahead of them)
    keepAlive.onRunning(c.slot, s.busy, now);
    deadlines.touch(s);
  }

  /** Takes idle container {@code c} out of its slot's queue; those behind it move up a rank. */
  void removeIdle(PooledContainer c) {
    SlotQueue s = slots.get(c.slot);
    s.idle.remove(c);
    s.rerank();
    deadlines.touch(s);
  }

  void evict(PooledContainer c, Instant now, List<Action> out) {
    removeIdle(c);
    retire(c, Action.RetireReason.EVICTED, now, out);
    evictions++;
  }

  void retire(PooledContainer c, Action.RetireReason reason, Instant now, List<Action> out) {
    release(c, now);
    out.add(new Action.Retire(c.id, reason));
    forgetSlotIfEmpty(c.slot, slots.get(c.slot));
  }

  /** Closes the container's grant and forgets it; a no-op for one already released. */
  void release(PooledContainer c, Instant now) {
    if (containers.remove(c.id) != null) {
      c.grant.close();
      SlotQueue s = slots.get(c.slot);
      int live = --s.live;
      deadlines.touch(s);
      eviction.onRelease(c.id, c.slot, live);
      minWarm.released(c.slot, live, now);
    }
  }

  void forgetSlotIfEmpty(SlotKey key, SlotQueue s) {
    if (s != null && s.waiting.isEmpty() && s.live == 0) {
      slots.remove(key);
    }
  }
}
