package io.hearth.core.pool;

import static io.hearth.core.pool.DeadlineBound.earliest;

import java.time.Duration;
import java.time.Instant;

/**
 * How long idle containers live: when one expires (its keep-alive, unless min_warm keeps it) and
 * when it is frozen. The pool's keep-alive and freeze rules in one place, asked at ticks and for
 * deadlines. Used by the {@link NodePool} under the shell's lock.
 */
final class IdleLifetimes {
  private final KeepAlivePolicy keepAlive;
  private final PoolConfig config;
  private final MinWarmPlan minWarm;
  private final ContainerTable table;

  IdleLifetimes(KeepAlivePolicy keepAlive, PoolConfig config, MinWarmPlan minWarm, ContainerTable table) {
    this.keepAlive = keepAlive;
    this.config = config;
    this.minWarm = minWarm;
    this.table = table;
  }

  /** Whether the container is one its function's min_warm keeps: idleness does not retire it. */
  boolean keptWarm(PooledContainer c) {
    return minWarm.keeps(c.slot, table.slots.get(c.slot).live);
  }

  boolean expired(PooledContainer c, Instant now) {
    return !keptWarm(c) && !now.isBefore(c.idleSince.plus(keepAliveOf(c)));
  }

  boolean freezeDue(PooledContainer c, Instant now) {
    return !c.frozen && config.freeze().freezeAt(c.idleSince).filter(at -> !now.isBefore(at)).isPresent();
  }

  /** The slot's earliest deadline: a waiting call's longest wait, its idle containers' freezes and expiries. */
  Instant deadlineOf(SlotQueue s) {
    Instant next = s.nextOverdue();
    for (PooledContainer c : s.idle) {
      next = earliest(next, deadlineOf(c));
    }
    return next;
  }

  /** When idle container {@code c} next needs the pool: its freeze or its expiry; null for never. */
  private Instant deadlineOf(PooledContainer c) {
    Instant at = keptWarm(c) ? null : c.idleSince.plus(keepAliveOf(c));
    if (!c.frozen) {
      at = earliest(at, config.freeze().freezeAt(c.idleSince).orElse(null));
    }
    return at;
  }

  private Duration keepAliveOf(PooledContainer c) {
    return c.prewarmed ? keepAlive.keepAlivePrewarmed(c.slot, c.idleSince)
        : keepAlive.keepAlive(c.slot, c.idleSince, c.rank);
  }
}
