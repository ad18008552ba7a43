package io.hearth.core.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one owner of a node's capacity: every holder on the node — function containers of the pool
 * now, leased allocations and job containers next — reserves what it needs here and holds it as a
 * {@link Grant} until it closes it. The sum of unreleased grants never exceeds the capacity (by
 * {@link Resources#fits}, so CPU is accounted only when the capacity has some).
 *
 * <p>A reservation that does not fit is {@link Reservation.Short}: it names what is short and by
 * how much, and lists the grants a policy could free (their holders marked them reclaimable, or
 * they expired). The ledger frees nothing itself: what to evict, reclaim or wait for is the
 * client's policy, which closes the grants it chooses and reserves again.
 *
 * <p>An expired grant still counts as used until it is closed: expiry only makes it reclaimable. A
 * lease's holder moves its grant's expiry with each keepalive ({@link #renew}).
 *
 * <p>Thread-safety: safe on its own. Every method takes this object's monitor for a short, pure
 * update of {@code used} and the grant table (which it owns) and calls no client code, so clients
 * may call it while holding their own locks (the pool does, under the agent's lock) without any
 * lock order to respect.
 */
public final class Ledger {
  private final Resources capacity;
  /** Unreleased grants, in the order they were made. Guarded by this. */
  private final Map<Long, Grant> grants = new LinkedHashMap<>();
  private Resources used = Resources.ZERO; // guarded by this
  private long nextId = 1; // guarded by this
  private long granted; // guarded by this
  private long released; // guarded by this

  public Ledger(Resources capacity) {
    this.capacity = Objects.requireNonNull(capacity, "capacity");
  }

  public Resources capacity() {
    return capacity;
  }

  /** Whether {@code request} could be granted on an empty node; if not, no reclaim will ever make room. */
  public boolean couldEverFit(Resources request) {
    return capacity.fits(Resources.ZERO, request);
  }

  /** Reserves {@code request} for {@code holder} until the grant is closed; it never expires. */
  public Reservation reserve(Holder holder, Resources request, Instant now) {
    return reserve(holder, request, Optional.empty(), now);
  }

  /**
   * Reserves {@code request} for {@code holder}.
   *
   * @param expiry when the grant becomes reclaimable without its holder saying so (a lease's end)
   * @param now    the time by which expiry is judged for the reclaimable grants of a short answer
   */
  public synchronized Reservation reserve(Holder holder, Resources request, Optional<Instant> expiry, Instant now) {
    Resources missing = capacity.missing(used, request);
    if (!missing.isZero()) {
      return new Reservation.Short(missing, reclaimable(now));
    }
    Grant g = new Grant(this, nextId++, holder, request, expiry);
    grants.put(g.id(), g);
    used = used.plus(request);
    granted++;
    return new Reservation.Granted(g);
  }

  /**
   * Moves the expiry of lease grant {@code grant} to {@code expiry}: a keepalive, later or earlier
   * than before (the holder's policy chooses it). A grant that was past its expiry and is renewed
   * into the future stops being reclaimable on that account. Nothing else about the grant changes.
   *
   * @return whether the grant was still held (a released grant is left as it was)
   * @throws IllegalArgumentException when the grant is another ledger's, or has no expiry (it is
   *                                  held until released: there is no lease to renew)
   */
  public synchronized boolean renew(Grant grant, Instant expiry) {
    Objects.requireNonNull(expiry, "expiry");
    if (!grant.heldBy(this)) {
      throw new IllegalArgumentException("renewed a grant of another ledger: " + grant);
    }
    if (grant.released()) {
      return false;
    }
    if (grant.expiry().isEmpty()) {
      throw new IllegalArgumentException("renewed a grant held until released, which has no lease to renew: " + grant);
    }
    grant.expiry(expiry);
    return true;
  }

  /** Whether {@code request} would be granted now. */
  public synchronized boolean fits(Resources request) {
    return capacity.fits(used, request);
  }

  /** The grants a policy could free at {@code now}, in the order they were made. */
  public synchronized List<Grant> reclaimable(Instant now) {
    List<Grant> out = new ArrayList<>();
    for (Grant g : grants.values()) {
      if (g.reclaimable(now)) {
        out.add(g);
      }
    }
    return out;
  }

  /** What the unreleased grants hold together. */
  public synchronized Resources used() {
    return used;
  }

  /** What the unreleased grants of holders of {@code kind} hold together (the allocs' share, say). */
  public synchronized Resources usedBy(Holder.Kind kind) {
    Resources sum = Resources.ZERO;
    for (Grant g : grants.values()) {
      if (g.holder().kind() == kind) {
        sum = sum.plus(g.resources());
      }
    }
    return sum;
  }

  /** The unreleased grants, in the order they were made. */
  public synchronized List<Grant> grants() {
    return List.copyOf(grants.values());
  }

  /** Grants made and grants released so far: their difference is the number held. */
  public synchronized Counts counts() {
    return new Counts(granted, released);
  }

  /** How many grants this ledger made and how many were released. */
  public record Counts(long granted, long released) {
    public long held() {
      return granted - released;
    }
  }

  synchronized void release(Grant g) {
    if (g.markReleased()) {
      if (grants.remove(g.id()) != g) {
        throw new IllegalStateException("released a grant this ledger does not hold: " + g);
      }
      used = used.minus(g.resources());
      released++;
    }
  }

  @Override
  public synchronized String toString() {
    return "ledger: " + used + " of " + capacity + " in " + grants.size() + " grants";
  }
}
