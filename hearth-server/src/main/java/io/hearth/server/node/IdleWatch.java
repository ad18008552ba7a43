package io.hearth.server.node;

import io.hearth.core.status.NodeStatus;
import io.hearth.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell of {@link IdleStop}: looks at the node every {@code every}, keeps since when it has been
 * idle, reports its {@link NodeStatus.Idleness}, and — with a threshold — calls {@code onIdle} once
 * when the node has been idle that long (the runner then drains and exits 0; what to do is the
 * caller's). Each look runs on a virtual thread: it may read the lease store.
 *
 * <p>Threads: the scheduler's thread arms looks; a virtual thread runs each, at most one at a time.
 * {@code this} guards {@code idleSince}, {@code last}, {@code next}, {@code fired} and {@code closed}.
 */
public final class IdleWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdleWatch.class);

  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Duration every;
  private final Supplier<IdleStop.Look> looker;
  private final Optional<Duration> threshold;
  private final Runnable onIdle;
  private Optional<Instant> idleSince = Optional.empty();
  private IdleStop.Look last = new IdleStop.Look(true, Optional.empty());
  private Scheduler.Scheduled next;
  private boolean fired;
  private boolean closed;

  /**
   * @param looker    how busy the node is now (may block briefly)
   * @param threshold idle stop's threshold; empty: only report
   * @param onIdle    called once, on a look's thread, when the node has been idle for the threshold
   */
  public IdleWatch(InstantSource clock, Scheduler scheduler, Duration every, Supplier<IdleStop.Look> looker,
      Optional<Duration> threshold, Runnable onIdle) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.every = every;
    this.looker = looker;
    this.threshold = threshold;
    this.onIdle = onIdle;
  }

  /** Looks now, then every {@code every}. */
  public IdleWatch start() {
    look();
    return this;
  }

  /** One look: updates the idle time and fires idle stop when due. Public for tests on a manual clock. */
  public void look() {
    IdleStop.Look look;
    try {
      look = looker.get();
    } catch (RuntimeException e) {
      log.warn("idle watch: cannot tell whether the node is busy ({}); counting it busy", e.toString());
      look = new IdleStop.Look(true, Optional.empty());
    }
    Instant now = clock.instant();
    boolean fire;
    synchronized (this) {
      if (closed) {
        return;
      }
      idleSince = IdleStop.idleSince(idleSince, look, now);
      last = look;
      fire = !fired && threshold.isPresent() && IdleStop.shouldStop(idleSince, now, threshold.get());
      fired |= fire;
      if (!fired) {
        next = scheduler.schedule(every, () -> Thread.ofVirtual().name("hearth-idle-watch").start(this::look));
      }
    }
    if (fire) {
      log.info("idle for {} s (HEARTH_IDLE_STOP_SECS={}): stopping", threshold.get().toSeconds(),
          threshold.get().toSeconds());
      onIdle.run();
    }
  }

  /** How long the node has been idle, or its longest remaining lease, as of the last look. */
  public NodeStatus.Idleness idleness() {
    Instant now = clock.instant();
    synchronized (this) {
      return IdleStop.idleness(idleSince, last, now);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel();
    }
  }
}
