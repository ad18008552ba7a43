package io.hearth.core.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A time no later than the pool's earliest deadline (null: none): recounted whole at each tick,
 * lowered in between for the slots whose queues, ranks or policy state changed ({@link #touch}),
 * so that a call costs the pool work in its own slot only, however many containers the node holds.
 * Owned by the {@link NodePool} (under the shell's lock).
 */
final class DeadlineBound {
  /** How long a bound may stand without a full recount while containers are idle (a safety net). */
  static final Duration RECOUNT = Duration.ofSeconds(1);

  private Instant bound;
  private final List<SlotQueue> touched = new ArrayList<>();

  /** The slot's deadlines may have moved. */
  void touch(SlotQueue s) {
    if (!s.touched) {
      s.touched = true;
      touched.add(s);
    }
  }

  /** Something outside the slots (a min_warm retry) is due at {@code at}. */
  void lower(Instant at) {
    bound = earliest(bound, at);
  }

  /** Sets the bound to {@code exact}, the earliest deadline of all, or sooner while containers idle. */
  void recount(Instant now, Instant exact, boolean anyIdle) {
    touched.forEach(s -> s.touched = false);
    touched.clear();
    bound = anyIdle ? earliest(exact, now.plus(RECOUNT)) : exact;
  }

  /** The bound, first lowered to the deadlines of the slots touched since it was last asked. */
  Optional<Instant> next(Function<SlotQueue, Instant> deadlineOf) {
    for (SlotQueue s : touched) {
      s.touched = false;
      bound = earliest(bound, deadlineOf.apply(s));
    }
    touched.clear();
    return Optional.ofNullable(bound);
  }

  /** The earlier of two times, either of which may be null (never). */
  static Instant earliest(Instant a, Instant b) {
    return a == null || (b != null && b.isBefore(a)) ? b : a;
  }
}
