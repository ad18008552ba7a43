package io.hearth.core.pool;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pool's bookkeeping rules, checked by tests after every step of a scenario. */
final class PoolInvariants {
  private PoolInvariants() {}

  static void check(Ledger ledger, Map<SlotKey, SlotQueue> slots, Map<Long, PooledContainer> containers,
      Map<Long, WaitingCall> waiters) {
    Resources capacity = ledger.capacity();
    Resources used = ledger.used();
    Resources granted = Resources.ZERO;
    List<Grant> held = new ArrayList<>();
    for (PooledContainer c : containers.values()) {
      require(c.grant != null && !c.grant.released(), "container " + c.id + " has no unreleased grant");
      require(c.grant.holder() == c, "container " + c.id + " holds another's grant");
      require(c.grant.reclaimable(Instant.EPOCH) == (c.state == PooledContainer.State.IDLE),
          "container " + c.id + " is " + c.state + " but its grant's reclaimable flag says otherwise");
      granted = granted.plus(c.grant.resources());
      held.add(c.grant);
    }
    List<Grant> ledgerGrants = ledger.grants().stream().filter(g -> g.holder() instanceof PooledContainer).toList();
    require(ledgerGrants.equals(held), "the ledger's container grants " + ledgerGrants + " are not the pool's " + held);
    for (Grant g : ledger.grants()) {
      if (!(g.holder() instanceof PooledContainer)) {
        granted = granted.plus(g.resources()); // other holders sharing the ledger
      }
    }
    require(granted.equals(used), "used " + used + " is not the sum of live grants " + granted);
    require(used.memoryBytes() <= capacity.memoryBytes(), "memory over capacity: " + used + " > " + capacity);
    require(capacity.cpuMillis() == 0 || used.cpuMillis() <= capacity.cpuMillis(), "CPU over capacity");
    int waiting = 0;
    for (Map.Entry<SlotKey, SlotQueue> e : slots.entrySet()) {
      SlotQueue s = e.getValue();
      waiting += s.waiting.size();
      require(s.waiting.isEmpty() || s.idle.isEmpty(), "slot has both waiting calls and idle containers");
      long starting = containers.values().stream()
          .filter(c -> c.slot.equals(e.getKey()) && c.state == PooledContainer.State.STARTING).count();
      require(starting == s.starting, "slot counts " + s.starting + " starting, has " + starting);
      long busy = containers.values().stream()
          .filter(c -> c.slot.equals(e.getKey()) && c.state == PooledContainer.State.BUSY).count();
      require(busy == s.busy, "slot counts " + s.busy + " busy, has " + busy);
      int rank = s.busy;
      for (PooledContainer c : s.idle) {
        require(c.rank == ++rank, "idle container " + c.id + " has rank " + c.rank + ", its place says " + rank);
      }
      long live = containers.values().stream().filter(c -> c.slot.equals(e.getKey())).count();
      require(live == s.live, "slot counts " + s.live + " live containers, has " + live);
      for (PooledContainer c : s.idle) {
        require(c.state == PooledContainer.State.IDLE && containers.get(c.id) == c, "idle queue holds a non-idle container");
      }
      for (WaitingCall w : s.waiting) {
        require(waiters.get(w.call()) == w, "a waiting call is missing from the waiter index");
      }
    }
    require(waiting == waiters.size(), "waiter index has " + waiters.size() + ", queues have " + waiting);
    for (PooledContainer c : containers.values()) {
      require(slots.containsKey(c.slot), "container of a forgotten slot");
      if (c.state == PooledContainer.State.IDLE) {
        require(slots.get(c.slot).idle.contains(c), "idle container missing from its queue");
      }
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
