package io.hearth.core.lease;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The node's leased allocations: each holds a {@link Holder.Kind#ALLOCATION} grant on the node's
 * shared {@link Ledger} whose expiry is the alloc's {@code expiresAt} and moves with each keepalive.
 * Pure bookkeeping: it starts and kills nothing; the answers name the allocs whose execs the
 * caller must kill.
 *
 * <p>Rules (Reflow's, see SEMANTICS.md B): the first lease lasts {@link #FIRST_LEASE} unless the
 * creator asks for another interval; a keepalive grants the interval asked, at most {@link
 * #MAX_LEASE}, from its own time. An alloc whose lease ran out is {@code EXPIRED} but keeps its
 * grant, and a late keepalive revives it. Only when a reservation is short — a new alloc here, or a
 * function container through the pool, which calls {@link #reclaimFor} — are expired allocs
 * reclaimed: most-expired first, skipping those that hold none of what is short, only as many as
 * cover the shortfall, and none at all when all of them together would not. Active allocs are never
 * reclaimed. Reclaimed and freed allocs stay readable for the retention period, then {@link
 * #collect} drops them.
 *
 * <p>Offers: {@link #available} counts every grant on the ledger (function and job containers,
 * active allocs) except those of expired allocs, which are free to whoever needs them: taking that
 * room reclaims them.
 *
 * <p>Thread-safety: safe on its own. This object's monitor guards {@code allocs} and {@code
 * nextOrder}; every method holds it for a short update and calls only the ledger (which calls no
 * client code), so the lock order is always book, then ledger, and the pool may call {@link
 * #reclaimFor} under its own lock. Only this book closes or renews its allocs' grants.
 */
public final class LeaseBook {
  /** The first lease when the creator asks for none: Reflow's. */
  public static final Duration FIRST_LEASE = Duration.ofMinutes(2);
  /** The longest lease one keepalive (or creation) grants: Reflow's; a client renews well within it. */
  public static final Duration MAX_LEASE = Duration.ofMinutes(5);

  private final Ledger ledger;
  private final Duration retention;
  private final Supplier<String> ids;
  /** Every alloc not yet collected, by id, in the order they were made. Guarded by this. */
  private final Map<String, Held> allocs = new LinkedHashMap<>();

  /** An alloc as stored (state ACTIVE, RECLAIMED or FREED; EXPIRED is derived) and its grant. */
  private record Held(Alloc alloc, Grant grant) {}

  /**
   * @param ledger    the node's ledger, shared with the pool
   * @param retention how long a reclaimed or freed alloc stays readable
   * @param ids       new alloc ids, unique on this node also across restarts (the node passes its
   *                  {@code Ids})
   */
  public LeaseBook(Ledger ledger, Duration retention, Supplier<String> ids) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.ids = Objects.requireNonNull(ids, "ids");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention cannot be negative: " + retention);
    }
  }

  /**
   * Grants a new alloc of {@code resources}, reclaiming expired allocs when there is no room and
   * trying once more.
   *
   * @param keepalive the first lease; empty: {@link #FIRST_LEASE}. Whole seconds from 1, clamped to
   *                  {@link #MAX_LEASE}
   */
  public synchronized CreateAnswer create(
      String owner, Map<String, String> labels, Resources resources, Optional<Duration> keepalive, Instant now) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(labels, "labels");
    Duration lease = keepalive.map(LeaseBook::granted).orElse(FIRST_LEASE);
    if (!ledger.couldEverFit(resources)) {
      return new CreateAnswer.NoFit(ledger.capacity().missing(Resources.ZERO, resources).asShortfalls(), false, List.of());
    }
    String id = ids.get();
    if (allocs.containsKey(id)) {
      throw new IllegalStateException("the id supplier repeated alloc id " + id);
    }
    Holder holder = Holder.of(Holder.Kind.ALLOCATION, id);
    Instant expiresAt = now.plus(lease);
    Reservation r = ledger.reserve(holder, resources, Optional.of(expiresAt), now);
    List<Alloc> reclaimed = List.of();
    if (r instanceof Reservation.Short s) {
      reclaimed = reclaim(s.missing(), now);
      if (reclaimed.isEmpty()) {
        return new CreateAnswer.NoFit(s.shortfalls(), true, reclaimed);
      }
      r = ledger.reserve(holder, resources, Optional.of(expiresAt), now);
    }
    return switch (r) {
      case Reservation.Short s -> new CreateAnswer.NoFit(s.shortfalls(), true, reclaimed);
      case Reservation.Granted g -> {
        Alloc a = new Alloc(id, owner, labels, resources, Alloc.State.ACTIVE, now, now, expiresAt, Optional.empty());
        allocs.put(id, new Held(a, g.grant()));
        yield new CreateAnswer.Created(a, reclaimed);
      }
    };
  }

  /**
   * Takes back an alloc that an earlier run of this node granted, as read from the lease store after
   * a restart: reserves its grant again with its stored expiry, and keeps its times, so its lease
   * runs on from its last keepalive (an alloc whose lease ran out meanwhile is expired, not
   * reclaimed). Nothing is reclaimed to make room: the earlier run held it, so it should fit.
   *
   * @param stored the alloc as stored, active or expired
   * @return {@link CreateAnswer.Created} with no reclaims, or {@link CreateAnswer.NoFit} when the
   *     ledger cannot hold it (then the caller records it ended)
   * @throws IllegalArgumentException when {@code stored} has ended
   * @throws IllegalStateException when the book has an alloc with its id already
   */
  public synchronized CreateAnswer adopt(Alloc stored, Instant now) {
    if (stored.state().ended()) {
      throw new IllegalArgumentException("only a live alloc is adopted, not a " + stored.state() + " one: " + stored.id());
    }
    if (allocs.containsKey(stored.id())) {
      throw new IllegalStateException("alloc " + stored.id() + " is in the lease book already");
    }
    Holder holder = Holder.of(Holder.Kind.ALLOCATION, stored.id());
    Reservation r = ledger.reserve(holder, stored.resources(), Optional.of(stored.expiresAt()), now);
    return switch (r) {
      case Reservation.Short s -> new CreateAnswer.NoFit(s.shortfalls(), ledger.couldEverFit(stored.resources()), List.of());
      case Reservation.Granted g -> {
        Alloc a = new Alloc(stored.id(), stored.owner(), stored.labels(), stored.resources(), Alloc.State.ACTIVE,
            stored.createdAt(), stored.lastKeepaliveAt(), stored.expiresAt(), Optional.empty());
        allocs.put(a.id(), new Held(a, g.grant()));
        yield new CreateAnswer.Created(a.at(now), List.of());
      }
    };
  }

  /** Renews alloc {@code id}'s lease for {@code interval} (whole seconds from 1, clamped to {@link #MAX_LEASE}) from {@code now}. */
  public synchronized KeepaliveAnswer keepalive(String id, Duration interval, Instant now) {
    Duration granted = granted(interval);
    Held h = allocs.get(id);
    if (h == null) {
      return new KeepaliveAnswer.Unknown(id);
    }
    if (h.alloc().state().ended()) {
      return new KeepaliveAnswer.Gone(h.alloc().state());
    }
    Instant expiresAt = now.plus(granted);
    if (!ledger.renew(h.grant(), expiresAt)) {
      throw new IllegalStateException("the grant of live alloc " + id + " was released behind the lease book's back");
    }
    allocs.put(id, new Held(h.alloc().renewed(now, expiresAt), h.grant()));
    return new KeepaliveAnswer.Granted(granted, expiresAt);
  }

  /** Releases alloc {@code id}'s grant (expired or not); it stays readable as freed for the retention period. */
  public synchronized FreeAnswer free(String id, Instant now) {
    Held h = allocs.get(id);
    if (h == null) {
      return new FreeAnswer.Unknown(id);
    }
    if (h.alloc().state().ended()) {
      return new FreeAnswer.Gone(h.alloc().state());
    }
    Alloc freed = end(h, Alloc.State.FREED, now);
    return new FreeAnswer.Freed(freed);
  }

  /**
   * Reclaims expired allocs to cover what reservation {@code shortage} lacked (a function
   * container's, through the pool, or any other holder's), releasing their grants; the caller kills
   * their execs and reserves again.
   *
   * @return the allocs reclaimed, most-expired first; empty when the expired allocs together could not cover it
   */
  public List<Alloc> reclaimFor(Reservation.Short shortage, Instant now) {
    return reclaimFor(shortage.missing(), now);
  }

  /** As {@link #reclaimFor(Reservation.Short, Instant)}, for a caller that already freed part of a shortfall itself. */
  public synchronized List<Alloc> reclaimFor(Resources missing, Instant now) {
    return reclaim(missing, now);
  }

  /** Alloc {@code id} as it stands at {@code now}, while not collected. */
  public synchronized Optional<Alloc> get(String id, Instant now) {
    Held h = allocs.get(id);
    return h == null ? Optional.empty() : Optional.of(h.alloc().at(now));
  }

  /** Every alloc not yet collected, as it stands at {@code now}, in the order they were made. */
  public synchronized List<Alloc> list(Instant now) {
    List<Alloc> out = new ArrayList<>(allocs.size());
    for (Held h : allocs.values()) {
      out.add(h.alloc().at(now));
    }
    return out;
  }

  /**
   * What this node can offer at {@code now}: its capacity minus every grant on the ledger except
   * those of expired allocs (Reflow's "total minus unexpired allocs", plus the pool's containers).
   * An alloc accepted on this offer may therefore have to reclaim expired allocs, which {@link
   * #create} does. CPU is 0 when the node does not account CPU (capacity 0).
   */
  public synchronized Resources available(Instant now) {
    Resources counted = Resources.ZERO;
    for (Grant g : ledger.grants()) {
      if (!(g.holder().kind() == Holder.Kind.ALLOCATION && g.expired(now))) {
        counted = counted.plus(g.resources());
      }
    }
    Resources capacity = ledger.capacity();
    if (capacity.cpuMillis() == 0) {
      counted = counted.with(Resources.CPU, 0);
    }
    return capacity.minus(counted);
  }

  /** Drops the reclaimed and freed allocs that ended at least the retention period before {@code now}. */
  public synchronized List<String> collect(Instant now) {
    List<String> dropped = new ArrayList<>();
    for (Iterator<Held> it = allocs.values().iterator(); it.hasNext(); ) {
      Alloc a = it.next().alloc();
      if (a.endedAt().isPresent() && !now.isBefore(a.endedAt().get().plus(retention))) {
        it.remove();
        dropped.add(a.id());
      }
    }
    return dropped;
  }

  /** The lease a keepalive (or creation) asking for {@code asked} gets. */
  static Duration granted(Duration asked) {
    if (asked.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("a lease is at least 1 second, not " + asked);
    }
    Duration whole = Duration.ofSeconds(asked.toSeconds());
    return whole.compareTo(MAX_LEASE) > 0 ? MAX_LEASE : whole;
  }

  /** Under this lock: the pure choice ({@link Reclaim}) and the shell that releases what it chose. */
  private List<Alloc> reclaim(Resources missing, Instant now) {
    List<Alloc> expired = new ArrayList<>();
    for (Held h : allocs.values()) {
      if (!h.alloc().state().ended() && h.alloc().expired(now)) {
        expired.add(h.alloc());
      }
    }
    List<Alloc> chosen = Reclaim.choose(expired, missing);
    List<Alloc> out = new ArrayList<>(chosen.size());
    for (Alloc a : chosen) {
      out.add(end(allocs.get(a.id()), Alloc.State.RECLAIMED, now));
    }
    return out;
  }

  private Alloc end(Held h, Alloc.State end, Instant now) {
    h.grant().close();
    Alloc ended = h.alloc().ended(end, now);
    allocs.put(ended.id(), new Held(ended, h.grant()));
    return ended;
  }

  @Override
  public synchronized String toString() {
    return "lease book: " + allocs.size() + " allocs on " + ledger;
  }
}
