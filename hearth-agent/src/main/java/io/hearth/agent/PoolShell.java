package io.hearth.agent;

import io.hearth.agent.AdmittedCall.Assignment;
import io.hearth.core.call.CallError;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.core.pool.Action;
import io.hearth.core.pool.NodePool;
import io.hearth.core.pool.PoolSnapshot;
import io.hearth.core.slot.SlotKey;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * The agent's half that talks to the {@link NodePool}: each event — a call arrives or leaves, a
 * container is ready or failed to start, a call ends, a container exits, time passes — is decided
 * by the pool under {@link #lock} ({@link #decide}), and the resulting actions are carried out
 * here, outside the lock: starting containers (through {@link Containers}), handing containers to
 * waiting calls, refusing calls, freezing and removing. {@link PoolTimer} ticks the pool when
 * something is due.
 *
 * <p>Threads: any. {@link #lock} guards the pool and {@code pending} (the waiting calls' futures).
 * Lock order: this lock, then the lease book's, then the ledger's: the room maker the pool calls
 * runs under this lock.
 */
final class PoolShell implements AutoCloseable {
  private final Object lock = new Object();
  private final NodePool pool;
  private final Clock clock;
  private final Containers containers;
  private final Map<Long, CompletableFuture<Assignment>> pending = new HashMap<>();
  private final PoolTimer timer;
  private volatile boolean closed;

  PoolShell(NodePool pool, Containers containers, Clock clock, Scheduler scheduler) {
    this.pool = pool;
    this.containers = containers;
    this.clock = clock;
    this.timer = new PoolTimer(clock, scheduler, () -> decide(NodePool::tick), () -> {
      synchronized (lock) {
        return pool.nextDeadline();
      }
    });
  }

  /** A call arrived: the pool assigns it a container, queues it or refuses it (its future says which). */
  void submit(AdmittedCall t, SlotKey slot) {
    decide((p, now) -> {
      pending.put(t.call, t.assigned);
      return p.submit(t.call, slot, now);
    });
  }

  /**
   * Takes a waiting call out of the pool. A container the pool assigned it meanwhile goes back
   * unused: here when the assignment reached the call first, in {@link #apply} otherwise.
   */
  void cancel(AdmittedCall t) {
    synchronized (lock) {
      pending.remove(t.call);
      pool.cancel(t.call);
    }
    t.assigned.complete(new Assignment.Abandoned());
    if (t.assigned.getNow(null) instanceof Assignment.Container a) {
      giveBack(a.container());
    }
  }

  /** The call in the container ended; {@code reusable}: the container can serve another. */
  void finished(FunctionContainer c, boolean reusable) {
    decide((p, now) -> p.finished(c.poolId, reusable, now));
  }

  private void giveBack(FunctionContainer c) {
    c.busy = false;
    finished(c, c.usable());
  }

  /** One event: the pool decides under the lock, at the clock's time; its actions are carried out after. */
  void decide(BiFunction<NodePool, Instant, List<Action>> decision) {
    List<Action> actions;
    synchronized (lock) {
      actions = decision.apply(pool, clock.instant());
    }
    apply(actions);
  }

  /** Carries out the pool's decisions, in order, outside the lock. */
  private void apply(List<Action> actions) {
    for (Action action : actions) {
      switch (action) {
        case Action.Launch l -> containers.launch(l.container(), l.slot(), this::ready, this::launchFailed);
        case Action.Assign a -> {
          FunctionContainer c = containers.get(a.container());
          CompletableFuture<Assignment> waiter = takeWaiter(a.call());
          c.busy = true; // before the waiter runs, so a late freeze skips it
          if (waiter == null || !waiter.complete(new Assignment.Container(c, a.cold()))) {
            giveBack(c); // the call left the queue just before
          }
        }
        case Action.Reject r -> {
          CallError error = r.reason() == Action.Rejection.TOO_BIG ? CallError.TOO_BIG : CallError.TOO_BUSY;
          tell(r.call(), new Assignment.Refused(error, error.message()));
        }
        case Action.FailWithLaunch f -> {
          CallFailure failure = containers.get(f.container()).launchFailure;
          tell(f.call(), new Assignment.Refused(failure.error, failure.getMessage()));
        }
        case Action.Retire r -> containers.retire(r.container(), r.reason());
        case Action.Freeze f -> containers.freeze(f.container());
      }
    }
    timer.rearm();
  }

  private CompletableFuture<Assignment> takeWaiter(long call) {
    synchronized (lock) {
      return pending.remove(call);
    }
  }

  /** Gives a waiting call its answer, if it still waits. */
  private void tell(long call, Assignment answer) {
    CompletableFuture<Assignment> waiter = takeWaiter(call);
    if (waiter != null) {
      waiter.complete(answer);
    }
  }

  private void ready(FunctionContainer c) {
    decide((p, now) -> p.ready(c.poolId, now));
  }

  private void launchFailed(FunctionContainer c) {
    decide((p, now) -> {
      List<Action> actions = new ArrayList<>(p.launchFailed(c.poolId, now));
      actions.add(new Action.Retire(c.poolId, Action.RetireReason.BROKEN)); // clean up what was made
      return actions;
    });
  }

  /** The engine reports the container stopped. */
  void exited(FunctionContainer c) {
    c.markExited();
    decide((p, now) -> p.exited(c.poolId, now));
  }

  /** Replaces what the pool asks for room; under the lock. */
  void roomMaker(RoomMaker roomMaker) {
    synchronized (lock) {
      pool.roomMaker(roomMaker);
    }
  }

  /** The room maker for the node's other holders: evicts idle containers; whether it evicted any. */
  RoomMaker idleContainers() {
    return (missing, now) -> {
      List<Action> actions;
      synchronized (lock) {
        actions = pool.makeRoom(missing, now);
      }
      apply(actions);
      return !actions.isEmpty();
    };
  }

  /** Whether the shell is closing: a call that lost its container then gets no other. */
  boolean closed() {
    return closed;
  }

  PoolSnapshot snapshot() {
    synchronized (lock) {
      return pool.snapshot();
    }
  }

  /** A function's containers as the pool holds them, oldest first. */
  List<io.hearth.core.pool.PoolContainer> containers(String fnId) {
    synchronized (lock) {
      return pool.containers(fnId);
    }
  }

  /**
   * Stops ticking and refuses every waiting call; the pool retires every container (the caller
   * then removes them).
   */
  @Override
  public void close() {
    closed = true;
    timer.close();
    List<Action> actions;
    synchronized (lock) {
      actions = pool.shutdown();
    }
    for (Action a : actions) {
      if (a instanceof Action.Reject r) {
        tell(r.call(), new Assignment.Refused(CallError.TOO_BUSY, CallError.TOO_BUSY.message()));
      }
    }
  }
}
