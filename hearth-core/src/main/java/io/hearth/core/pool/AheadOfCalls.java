package io.hearth.core.pool;

import static io.hearth.core.pool.DeadlineBound.earliest;

import io.hearth.core.ledger.Reservation;
import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Containers the pool starts before any call asks for them: those the keep-alive policy planned
 * ({@link KeepAlivePolicy#prewarmAt}, kept in a {@link PrewarmSchedule}), those asked for ({@code
 * POST .../prewarm}), and those a function's min_warm lacks ({@link MinWarmPlan}). None is started
 * by evicting others: only as far as room allows. Owned by the {@link NodePool}, under the shell's
 * lock.
 */
final class AheadOfCalls {
  private final ContainerTable table;
  private final Map<SlotKey, SlotQueue> slots;
  private final DeadlineBound deadlines;
  private final MinWarmPlan minWarm;
  private final PrewarmSchedule prewarms = new PrewarmSchedule();

  AheadOfCalls(ContainerTable table, DeadlineBound deadlines, MinWarmPlan minWarm) {
    this.table = table;
    this.slots = table.slots;
    this.deadlines = deadlines;
    this.minWarm = minWarm;
  }

  /** The keep-alive policy expects the slot's next call at {@code at}: a container is started then. */
  void plan(SlotKey slot, Instant at) {
    prewarms.plan(slot, at);
  }

  /** A call of the slot arrived: it starts or finds its own container, the planned one is not needed. */
  void callArrived(SlotKey slot) {
    prewarms.cancel(slot);
  }

  /** The function changed or was deleted: nothing is started for it ahead of calls any more. */
  void forgetFunction(String fnId) {
    prewarms.cancelFunction(fnId);
    forgetMinWarm(fnId);
  }

  /** Starts up to {@code count} containers of the slot, as far as room allows. */
  void prewarm(SlotKey slot, int count, Instant now, List<Action> out) {
    SlotQueue s = table.slot(slot);
    for (int i = 0; i < count && table.launch(slot, s, now, true, out) instanceof Reservation.Granted; i++) {
      // launched
    }
  }

  /** See {@link NodePool#keepWarm}. */
  void keepWarm(SlotKey slot, int count, Instant now, List<Action> out) {
    forgetMinWarm(slot.fnId());
    if (count <= 0) {
      return;
    }
    MinWarmPlan.MinWarm m = new MinWarmPlan.MinWarm(slot, count);
    minWarm.keep(m);
    topUp(m, now, out);
  }

  /** Time passed: start the planned prewarms that are due and retry min_warm top-ups. */
  void tick(Instant now, List<Action> out) {
    for (SlotKey slot : prewarms.takeDue(now)) {
      launchPrewarmed(slot, now, out);
    }
    for (MinWarmPlan.MinWarm m : minWarm.takeDue(now)) {
      topUp(m, now, out);
    }
  }

  /** When {@link #tick} has something to do; null for never. */
  Instant earliestDue() {
    return earliest(prewarms.earliest().orElse(null), minWarm.retryTime());
  }

  /** The pool shuts down: nothing more is started. */
  void clear() {
    prewarms.clear();
    minWarm.clear();
  }

  /** Starts the containers the function's min_warm lacks, as far as room allows. */
  private void topUp(MinWarmPlan.MinWarm m, Instant now, List<Action> out) {
    SlotQueue s = table.slot(m.slot());
    while (s.live < m.count() && table.launch(m.slot(), s, now, true, out) instanceof Reservation.Granted) {
      // launched
    }
    if (s.live < m.count()) {
      minWarm.retryAt(now.plus(MinWarmPlan.RETRY));
    }
    table.forgetSlotIfEmpty(m.slot(), s);
  }

  /** Ends the function's min_warm: the containers it kept may expire from now on. */
  private void forgetMinWarm(String fnId) {
    minWarm.forget(fnId).map(slots::get).ifPresent(deadlines::touch);
  }

  /** A planned prewarm: only when the slot has no container idle or starting and there is room (no eviction). */
  private void launchPrewarmed(SlotKey slot, Instant now, List<Action> out) {
    SlotQueue s = table.slot(slot);
    if (s.idle.isEmpty() && s.starting == 0 && s.waiting.isEmpty()) {
      table.launch(slot, s, now, true, out);
    }
    table.forgetSlotIfEmpty(slot, s);
  }
}
