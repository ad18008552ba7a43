package io.hearth.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Resources a {@link Ledger} granted one holder: a value with identity (two grants are never equal,
 * whatever they hold), released exactly once. {@link #close} releases it; closing again does
 * nothing, so try-with-resources and "release on every path" cannot give anything back twice.
 *
 * <p>Its holder says whether a policy may free it to make room ({@link #reclaimable(boolean)}): an
 * idle function container may be evicted, a busy one may not. A grant past its {@link #expiry} is
 * reclaimable too. The ledger only reports reclaimable grants in a {@link Reservation.Short}; which
 * to free, if any, is the client's policy.
 *
 * <p>A lease's expiry moves with each keepalive: {@link Ledger#renew} sets it, under the ledger's
 * lock; everything else about a grant is fixed.
 *
 * <p>Thread-safety: {@code released} is guarded by the ledger's lock; {@code expiry} is volatile,
 * written only by {@link Ledger#renew} under that lock and read by anyone; {@code reclaimable} is
 * volatile, written by the holder's owner and read by the ledger.
 */
public final class Grant implements AutoCloseable {
  private final Ledger ledger;
  private final long id;
  private final Holder holder;
  private final Resources resources;
  private volatile Optional<Instant> expiry; // written under the ledger's lock (renew)
  private boolean released; // guarded by ledger
  private volatile boolean reclaimable;

  Grant(Ledger ledger, long id, Holder holder, Resources resources, Optional<Instant> expiry) {
    this.ledger = ledger;
    this.id = id;
    this.holder = Objects.requireNonNull(holder, "holder");
    this.resources = Objects.requireNonNull(resources, "resources");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
  }

  /** Unique within its ledger; grants are numbered in the order they were made. */
  public long id() {
    return id;
  }

  public Holder holder() {
    return holder;
  }

  public Resources resources() {
    return resources;
  }

  /**
   * When the grant stops being its holder's by right (a lease not renewed); empty: held until
   * released. A lease's expiry moves when its holder renews it ({@link Ledger#renew}).
   */
  public Optional<Instant> expiry() {
    return expiry;
  }

  public boolean expired(Instant now) {
    Optional<Instant> e = expiry; // one read: renew may move it meanwhile
    return e.isPresent() && !now.isBefore(e.get());
  }

  /** Called by the ledger under its lock. */
  void expiry(Instant expiry) {
    this.expiry = Optional.of(expiry);
  }

  boolean heldBy(Ledger ledger) {
    return this.ledger == ledger;
  }

  /** The holder says whether a policy may free this grant to make room. */
  public void reclaimable(boolean reclaimable) {
    this.reclaimable = reclaimable;
  }

  /** Whether a policy may free this grant at {@code now}: its holder said so, or it expired. */
  public boolean reclaimable(Instant now) {
    return reclaimable || expired(now);
  }

  public boolean released() {
    synchronized (ledger) {
      return released;
    }
  }

  /** Called by the ledger under its lock; true the first time only. */
  boolean markReleased() {
    if (released) {
      return false;
    }
    released = true;
    return true;
  }

  /** Gives the resources back to the ledger; a no-op when already released. */
  @Override
  public void close() {
    ledger.release(this);
  }

  @Override
  public String toString() {
    return "grant " + id + " of " + holder.kind() + " " + holder.id() + ": " + resources
        + expiry.map(e -> " until " + e).orElse("");
  }
}
