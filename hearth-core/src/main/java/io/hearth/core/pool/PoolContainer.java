package io.hearth.core.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One of the pool's containers at one moment, for status pages: a copy, safe to hand out.
 *
 * @param poolId    the pool's id for it
 * @param fnId      its function
 * @param image     the image it runs
 * @param memoryMb  its memory limit
 * @param state     starting, idle, frozen or busy (as {@link PoolSnapshot#byState} counts them)
 * @param launched  when its start was decided
 * @param lastUsed  when it last ended a call, or its launch
 * @param idleSince when it last became idle, or null while starting or busy
 * @param calls     how many calls it has served
 * @param startup   launch to listening; zero while starting
 * @param prewarmed started ahead of calls and has served none yet
 */
public record PoolContainer(long poolId, String fnId, String image, int memoryMb, String state, Instant launched,
    Instant lastUsed, Instant idleSince, int calls, Duration startup, boolean prewarmed) {

  public PoolContainer {
    Objects.requireNonNull(fnId, "fnId");
    Objects.requireNonNull(state, "state");
  }

  static PoolContainer of(PooledContainer c) {
    return new PoolContainer(c.id, c.slot.fnId(), c.slot.image(), c.slot.memoryMb(), PoolSnapshot.stateOf(c),
        c.launched, c.lastUsed, c.state == PooledContainer.State.IDLE ? c.idleSince : null, c.calls, c.startup,
        c.prewarmed);
  }
}
