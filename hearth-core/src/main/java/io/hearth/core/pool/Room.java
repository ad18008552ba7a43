package io.hearth.core.pool;

import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.core.slot.SlotKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Making room on the shared ledger, both ways. For a call's container: evict idle containers of
 * other slots (the {@link EvictionPolicy}'s choice, all of what is short or nothing), and what that
 * cannot give, ask the {@link RoomMaker} for (the lease side, which reclaims expired allocs), then
 * reserve again. For another holder (a new alloc): evict idle containers of any slot, again all
 * of what is short or nothing. Owned by the {@link NodePool}, under the shell's lock; the room
 * maker is called under it too.
 */
final class Room {
  private final ContainerTable table;
  private final EvictionPolicy eviction;
  private RoomMaker roomMaker;

  Room(ContainerTable table, EvictionPolicy eviction, RoomMaker roomMaker) {
    this.table = table;
    this.eviction = eviction;
    roomMaker(roomMaker);
  }

  void roomMaker(RoomMaker roomMaker) {
    this.roomMaker = Objects.requireNonNull(roomMaker, "roomMaker");
  }

  /**
   * Reserves a container of {@code key} for a waiting call: when it fits; else after evicting idle
   * containers of other slots that make all the room; else after the room maker released what the
   * idle containers cannot give (all of what is short, when they could but the policy declined),
   * the idle containers then making up the rest.
   *
   * @return the last answer of the ledger: on {@link Reservation.Short} nothing was launched
   */
  Reservation launchForCall(SlotKey key, SlotQueue s, Instant now, List<Action> out) {
    Reservation r = table.launch(key, s, now, false, out);
    if (!(r instanceof Reservation.Short shortage)) {
      return r;
    }
    if (evictOthers(key, shortage, now, out)) {
      r = table.launch(key, s, now, false, out);
      if (!(r instanceof Reservation.Short again)) {
        return r;
      }
      shortage = again;
    }
    Resources ask = beyond(shortage.missing(), held(table.evictable(shortage, key)));
    if (!roomMaker.makeRoom(ask.isZero() ? shortage.missing() : ask, now)) {
      return shortage;
    }
    r = table.launch(key, s, now, false, out);
    if (r instanceof Reservation.Short rest && evictOthers(key, rest, now, out)) {
      r = table.launch(key, s, now, false, out);
    }
    return r;
  }

  /**
   * Evicts idle containers of any slot (never a busy or starting one) so that {@code missing} is
   * free for another holder: the eviction policy's choice, only when it covers all of {@code
   * missing}, else none. Containers hold memory and CPU only, so a shortfall of anything else is
   * never theirs to cover. Their grants are released here; the containers' removal is in {@code out}.
   *
   * @return whether any container was evicted
   */
  boolean evictForOther(Resources missing, Instant now, List<Action> out) {
    if (missing.isZero() || !missing.named().isEmpty()) {
      return false;
    }
    List<PooledContainer> victims = Victims.choose(eviction, table.idle(), missing, now);
    if (!held(victims).covers(missing)) {
      return false; // a policy that returns less than asked would evict for nothing
    }
    for (PooledContainer c : victims) {
      table.evict(c, now, out);
    }
    return !victims.isEmpty();
  }

  /** Evicts what the policy chooses among the reclaimable idle containers of other slots; false when it chose none. */
  private boolean evictOthers(SlotKey key, Reservation.Short shortage, Instant now, List<Action> out) {
    List<PooledContainer> victims = Victims.choose(eviction, table.evictable(shortage, key), shortage.missing(), now);
    for (PooledContainer c : victims) {
      table.evict(c, now, out);
    }
    return !victims.isEmpty();
  }

  private static Resources held(List<PooledContainer> containers) {
    Resources sum = Resources.ZERO;
    for (PooledContainer c : containers) {
      sum = sum.plus(c.grant.resources());
    }
    return sum;
  }

  /** What of {@code missing} is left once {@code held} is freed: per resource, never below 0. */
  static Resources beyond(Resources missing, Resources held) {
    Map<String, Long> named = new TreeMap<>();
    missing.named().forEach((name, amount) -> named.put(name, Math.max(0, amount - held.amount(name))));
    return new Resources(Math.max(0, missing.memoryBytes() - held.memoryBytes()),
        Math.max(0, missing.cpuMillis() - held.cpuMillis()), named);
  }
}
