package io.hearth.agent.exec;

import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.time.Scheduler.Scheduled;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec container the runner follows, from start (or adoption) to its one {@code onEnd}.
 *
 * <p>Threads: touched by the caller's, the driver's and the scheduler's threads; every field is
 * final, atomic or volatile. {@link #ended} makes the end happen once; {@link #stopSeen} makes the
 * wait for the log's last bytes start once.
 */
final class Tracked {
  private static final Logger log = LoggerFactory.getLogger(Tracked.class);

  final String containerId;
  final ExecLaunch launch;
  final BoundedLog output;
  private final Consumer<ExecOutcome> onEnd;
  final AtomicBoolean ended = new AtomicBoolean();
  final AtomicBoolean stopSeen = new AtomicBoolean();
  private final AtomicReference<String> killReason = new AtomicReference<>();
  volatile AutoCloseable follower;
  volatile Scheduled timeout;

  Tracked(String containerId, ExecLaunch launch, BoundedLog output, Consumer<ExecOutcome> onEnd) {
    this.containerId = containerId;
    this.launch = launch;
    this.output = output;
    this.onEnd = onEnd;
  }

  /** Records why Hearth kills it; the first reason stays. */
  void killedBecause(String reason) {
    killReason.compareAndSet(null, reason);
  }

  Optional<String> killReason() {
    return Optional.ofNullable(killReason.get());
  }

  /** Stops the timer and the log, without telling anyone. */
  void release() {
    Scheduled t = timeout;
    if (t != null) {
      t.cancel();
    }
    AutoCloseable f = follower;
    if (f != null) {
      try {
        f.close();
      } catch (Exception e) {
        log.debug("closing the log follower of {} failed: {}", containerId, e.getMessage());
      }
    }
    output.close();
  }

  /** Tells the owner how it ended; a failing callback is logged, not thrown at the driver's thread. */
  void tell(ExecOutcome outcome) {
    try {
      onEnd.accept(outcome);
    } catch (RuntimeException e) {
      log.error("the end handler of exec {} (container {}) failed", launch.execId(), containerId, e);
    }
  }
}
