package io.hearth.core.pool;

import io.hearth.core.ledger.Reservation;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When the pool starts a container for waiting calls (issue 14, item 4): one per waiting call that
 * no starting container will serve, held back by the node's bound on concurrent starts ({@link
 * PoolConfig#maxStarting}) and, with {@link PoolConfig#waitForBusy}, by the busy containers of the
 * slot expected to free sooner than a new one could start ({@link LaunchEstimates}, fed here by
 * every ready container and finished call). A call it held back for a busy container is looked at
 * again when that container was expected to be free ({@link #recheckAt}): if the container is still
 * busy, the call starts its own. Owned by the {@link NodePool}, under the shell's lock.
 */
final class LaunchRules {
  private final PoolConfig config;
  private final Map<SlotKey, SlotQueue> slots;
  private final ContainerTable table;
  private final Room room;
  private final WaitQueue waiters;
  private final LaunchEstimates<SlotKey> estimates = new LaunchEstimates<>(0.3);
  /** The earliest time a call held back for a busy container is due a second look; null for none. */
  private Instant recheck;

  LaunchRules(PoolConfig config, ContainerTable table, Room room, WaitQueue waiters) {
    this.config = config;
    this.table = table;
    this.slots = table.slots;
    this.room = room;
    this.waiters = waiters;
  }

  /** A container of {@code slot} took {@code startup} from launch to listening. */
  void started(SlotKey slot, Duration startup) {
    estimates.started(slot, startup);
  }

  /** A call of {@code slot} held its container for {@code held}. */
  void ran(SlotKey slot, Duration held) {
    estimates.ran(slot, held);
  }

  /** Whether a start ending lets one held back by the bound begin. */
  boolean bounded() {
    return config.maxStarting() > 0;
  }

  /** Starts containers for the slot's waiting calls that no starting container will serve. */
  void launchFor(SlotKey key, SlotQueue s, Instant now, List<Action> out) {
    int covered = 0; // calls a busy container is expected to take before a new one could start
    if (config.waitForBusy() && s.waiting.size() > s.starting) {
      List<Instant> busy = busySince(key);
      covered = estimates.coveredByBusy(key, busy, now);
      if (covered > 0) {
        estimates.recheckAt(key, busy, now).ifPresent(at -> recheck = DeadlineBound.earliest(recheck, at));
      }
    }
    while (s.waiting.size() > s.starting + covered) {
      if (atStartBound()) {
        if (config.nonBlocking()) {
          waiters.refuseUnserved(s, out); // a runner refuses: the lb places the call elsewhere
        }
        return; // blocking: the calls wait for a start to end, or their wait runs out
      }
      if (room.launchForCall(key, s, now, out) instanceof Reservation.Short) {
        if (config.nonBlocking()) {
          waiters.refuseUnserved(s, out);
        }
        return; // blocking: the calls wait until room frees up or their wait runs out
      }
    }
  }

  /** Room may have freed up: launch for waiting calls, those that waited longest first. */
  void launchPending(Instant now, List<Action> out) {
    for (Map.Entry<SlotKey, SlotQueue> e : waiters.pending(slots)) {
      launchFor(e.getKey(), e.getValue(), now, out);
    }
  }

  /** Time passed: calls held back for busy containers that are still busy past their expected end launch now. */
  void tick(Instant now, List<Action> out) {
    if (recheck != null && !recheck.isAfter(now)) {
      recheck = null;
      launchPending(now, out); // sets the next recheck for the calls still held back
    }
  }

  /** When {@link #tick} has something to do; null for never. */
  Instant recheckAt() {
    return recheck;
  }

  /** When each busy container of the slot began its call. */
  private List<Instant> busySince(SlotKey key) {
    List<Instant> since = new ArrayList<>();
    for (PooledContainer c : table.containers.values()) { // a cold path: only when calls wait
      if (c.state == PooledContainer.State.BUSY && c.slot.equals(key) && c.busySince != null) {
        since.add(c.busySince);
      }
    }
    return since;
  }

  /** Whether as many containers are starting as the node starts at once ({@link PoolConfig#maxStarting}). */
  private boolean atStartBound() {
    if (config.maxStarting() == 0) {
      return false;
    }
    int starting = 0;
    for (SlotQueue q : slots.values()) { // a cold path: only when a call needs a new container
      starting += q.starting;
    }
    return starting >= config.maxStarting();
  }
}
