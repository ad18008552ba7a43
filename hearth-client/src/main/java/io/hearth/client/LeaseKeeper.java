package io.hearth.client;

import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one alloc alive: renews its lease 30 s before each grant runs out (never sooner than halfway
 * through it), retries a failed renewal after 2 s, 3 s, 4.5 s, 6.75 s (each ±20 % at random), and
 * tells its {@link Listener} when the lease is lost — the server answered 410 or 404 ({@link
 * LeaseLost.Gone}), five tries of one renewal failed ({@link LeaseLost.RetriesExhausted}), or the
 * lease ran out before a renewal succeeded ({@link LeaseLost.Expired}). It stops on {@link #close()}
 * (which does not free the alloc: call {@link AllocsClient#free} for that) or once it reports the
 * loss; a lost keeper never starts again.
 *
 * <pre>{@code
 * LeaseKeeper.Wiring wiring = LeaseKeeper.Wiring.of(api, Clock.system(), timer);
 * try (LeaseKeeper keeper = LeaseKeeper.hold(wiring, alloc, Duration.ofMinutes(2), why -> cancelWork(why))) {
 *   ... run execs in the alloc ...
 * }
 * api.free(alloc.id());
 * }</pre>
 *
 * <p>Threads: timers run on the wiring's {@link Scheduler} and only hand work on; each keepalive
 * request (which blocks) and each listener call runs on the wiring's {@code io} executor. One
 * renewal is in flight at a time. {@code this} guards {@code state}, {@code expiresAt}, {@code
 * failures} and the two timers; the listener is called outside it.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  /** What the keeper reports. Calls come on the wiring's {@code io} executor and should be short. */
  @FunctionalInterface
  public interface Listener {
    /** The lease is lost and the keeper has stopped; called at most once, never after {@link #close()}. */
    void lost(LeaseLost why);

    /** A renewal succeeded: the lease now runs until {@code granted.expiresAt()}. */
    default void renewed(String allocId, Granted granted) {}
  }

  /** Where a keeper is. */
  public enum State {
    /** Renewing. */
    HOLDING,
    /** It reported the loss to its listener and stopped. */
    LOST,
    /** Closed by its owner. */
    CLOSED
  }

  /**
   * What keepers run on; one wiring serves any number of keepers.
   *
   * @param keepalives the server ({@link AllocsClient}) or a fake
   * @param clock      the time leases are measured by
   * @param scheduler  the timers, on the same time as {@code clock}
   * @param io         where blocking keepalive requests and listener calls run (in production a
   *                   virtual thread each; tests run them in place)
   * @param random     the jitter of retries; called under a keeper's lock, so thread-safe when shared
   */
  public record Wiring(Keepalives keepalives, Clock clock, Scheduler scheduler, Executor io, RandomGenerator random) {
    public Wiring {
      Objects.requireNonNull(keepalives, "keepalives");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(io, "io");
      Objects.requireNonNull(random, "random");
    }

    /** Requests and listener calls on a virtual thread each, jitter from a shared {@link Random}. */
    public static Wiring of(Keepalives keepalives, Clock clock, Scheduler scheduler) {
      return new Wiring(keepalives, clock, scheduler, task -> Thread.ofVirtual().name("lease-keeper").start(task),
          new Random());
    }
  }

  private final Wiring wiring;
  private final String allocId;
  private final Duration interval;
  private final Listener listener;

  // guarded by this
  private State state = State.HOLDING;
  private Instant expiresAt;
  private int failures;
  private Scheduler.Scheduled next;
  private Scheduler.Scheduled expiry;

  private LeaseKeeper(Wiring wiring, String allocId, Duration interval, Instant expiresAt, Listener listener) {
    this.wiring = wiring;
    this.allocId = allocId;
    this.interval = interval;
    this.expiresAt = expiresAt;
    this.listener = listener;
  }

  /**
   * Starts holding {@code alloc} alive from its current lease, as just read from the server. What is
   * left of the lease is the smaller of its grant ({@code expiresAt - lastKeepaliveAt}, which no
   * clock difference between here and the server can skew) and {@code expiresAt} less this clock's
   * now (for an alloc read a while after its last keepalive).
   *
   * @param interval the lease to ask for at each renewal, whole seconds from 1 (the server grants at
   *                 most 5 minutes)
   */
  public static LeaseKeeper hold(Wiring wiring, Alloc alloc, Duration interval, Listener listener) {
    Duration grant = Duration.between(alloc.lastKeepaliveAt(), alloc.expiresAt());
    Duration byClock = Duration.between(wiring.clock().instant(), alloc.expiresAt());
    return hold(wiring, alloc.id(), interval, grant.compareTo(byClock) < 0 ? grant : byClock, listener);
  }

  /**
   * Starts holding the alloc {@code allocId}, whose lease has {@code leaseLeft} to run from now: it
   * is renewed 30 s before then (at least halfway there), or at once when nothing is left. Expiry is
   * reckoned on this keeper's clock from then on — now plus what is left, then each renewal's send
   * time plus its grant — so a server clock that differs from this one moves nothing. The {@link
   * LeaseLost.Expired} watch covers only a lease that has not run out at the start.
   */
  public static LeaseKeeper hold(Wiring wiring, String allocId, Duration interval, Duration leaseLeft,
      Listener listener) {
    Objects.requireNonNull(wiring, "wiring");
    Objects.requireNonNull(allocId, "allocId");
    Objects.requireNonNull(leaseLeft, "leaseLeft");
    Objects.requireNonNull(listener, "listener");
    if (interval.toSeconds() < 1) {
      throw new IllegalArgumentException("a keepalive interval is at least 1 second, not " + interval);
    }
    LeaseKeeper k = new LeaseKeeper(wiring, allocId, interval, wiring.clock().instant().plus(leaseLeft), listener);
    k.start();
    return k;
  }

  private synchronized void start() {
    Duration left = Duration.between(wiring.clock().instant(), expiresAt);
    next = wiring.scheduler().schedule(RenewalPolicy.renewAfter(left), this::renew);
    armExpiry();
  }

  public String allocId() {
    return allocId;
  }

  /** When the lease runs out unless renewed, as of the last grant, on this keeper's clock. */
  public synchronized Instant expiresAt() {
    return expiresAt;
  }

  public synchronized State state() {
    return state;
  }

  /** Stops renewing (the alloc is not freed; its lease runs out on its own). Idempotent. */
  @Override
  public synchronized void close() {
    if (state == State.HOLDING) {
      state = State.CLOSED;
    }
    cancelTimers();
  }

  /** A renewal or retry is due (scheduler thread): hand the request to the io executor. */
  private void renew() {
    synchronized (this) {
      if (state != State.HOLDING) {
        return;
      }
      next = null;
    }
    wiring.io().execute(this::attempt);
  }

  private void attempt() {
    Granted granted;
    Instant sent = wiring.clock().instant();
    try {
      granted = wiring.keepalives().keepalive(allocId, interval);
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    synchronized (this) {
      if (state != State.HOLDING) {
        return;
      }
      failures = 0;
      expiresAt = sent.plus(granted.granted()); // the grant ran from no earlier than the request
      if (expiry != null) {
        expiry.cancel();
      }
      armExpiry();
      next = wiring.scheduler().schedule(RenewalPolicy.renewAfter(granted.granted()), this::renew);
    }
    log.debug("alloc {}: lease renewed for {} (until {} by the server's clock)", allocId, granted.granted(),
        granted.expiresAt());
    notify(() -> listener.renewed(allocId, granted));
  }

  private void failed(RuntimeException e) {
    LeaseLost lost;
    synchronized (this) {
      if (state != State.HOLDING) {
        return;
      }
      failures++;
      if (e instanceof ApiException a && (a.gone() || a.notFound())) {
        lost = new LeaseLost.Gone(allocId, a.status(), a.serverMessage());
      } else if (!RenewalPolicy.retries(failures)) {
        lost = new LeaseLost.RetriesExhausted(allocId, failures, e);
      } else {
        Duration wait = RenewalPolicy.backoff(failures, wiring.random().nextDouble());
        log.warn("alloc {}: keepalive failed ({}), try {} of {} in {}", allocId, e.getMessage(), failures + 1,
            RenewalPolicy.MAX_TRIES, wait);
        next = wiring.scheduler().schedule(wait, this::renew);
        return;
      }
      lose();
    }
    report(lost);
  }

  /** The expiry watch fired (scheduler thread). */
  private void expired() {
    LeaseLost lost;
    synchronized (this) {
      if (state != State.HOLDING || wiring.clock().instant().isBefore(expiresAt)) {
        return;
      }
      lost = new LeaseLost.Expired(allocId, expiresAt);
      lose();
    }
    report(lost);
  }

  // caller holds this
  private void armExpiry() {
    Duration left = Duration.between(wiring.clock().instant(), expiresAt);
    expiry = left.isPositive() ? wiring.scheduler().schedule(left, this::expired) : null;
  }

  // caller holds this
  private void lose() {
    state = State.LOST;
    cancelTimers();
  }

  // caller holds this
  private void cancelTimers() {
    if (next != null) {
      next.cancel();
      next = null;
    }
    if (expiry != null) {
      expiry.cancel();
      expiry = null;
    }
  }

  private void report(LeaseLost lost) {
    log.warn("{}", lost.describe());
    wiring.io().execute(() -> notify(() -> listener.lost(lost)));
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.error("alloc {}: the lease listener failed", allocId, e);
    }
  }
}
