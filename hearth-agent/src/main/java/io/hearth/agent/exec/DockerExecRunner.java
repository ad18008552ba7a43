package io.hearth.agent.exec;

import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException;
import io.hearth.core.driver.DriverException.Kind;
import io.hearth.core.driver.LogSink;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecRunner;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.core.time.Scheduler.Scheduled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ExecRunner} over a {@link ContainerDriver} (the Docker Engine in production): creates each
 * exec's container with the node's hardening ({@link ExecSpecs}), follows its log into the exec's
 * bounded log file ({@link BoundedLog}), and reports its end once ({@link ExecEnds}).
 *
 * <p>An end is noticed two ways, whichever comes first: the engine's die event for this node's
 * exec containers ({@link ExecSettings#EXEC_NODE_LABEL}), or the followed log ending. Either one
 * inspects the container; once it has stopped, the end waits for the log's last bytes (at most
 * {@link #OUTPUT_GRACE}) and then tells {@code onEnd}, on a virtual thread. Timeouts are timers on
 * the injected scheduler that kill the container.
 *
 * <p>Adoption after a restart re-captures the log: the log file is emptied and written again from
 * the engine's own log of the container, from its first byte, then live. The engine keeps an exec's
 * output for this ({@link ExecSettings#engineLogBytes}), so the file ends up as it would have
 * without the restart, and never holds a piece twice. An adopted exec's timeout counts from the
 * adoption: pass what is left of it in the launch. One that ended while no process followed it
 * reports the adoption's instant as {@code finishedAt}.
 *
 * <p>{@link #close} stops following (timers, logs, the die events) without killing anything or
 * telling anyone: the containers keep running for the next process to adopt.
 *
 * <p>State: {@code tracked} (a concurrent map) owns the followed execs, each {@link Tracked}
 * thread-safe itself; {@code this} guards the die-event subscription and {@code closed}.
 */
public final class DockerExecRunner implements ExecRunner, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerExecRunner.class);
  /** How long a stopped container's log may take to deliver its last bytes before the end is told anyway. */
  static final Duration OUTPUT_GRACE = Duration.ofSeconds(10);
  /** When inspecting a container fails, how soon it is tried again. */
  static final Duration RECHECK = Duration.ofSeconds(2);

  private final ExecSettings settings;
  private final ContainerDriver driver;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private AutoCloseable exits;
  private boolean closed;

  /**
   * @param driver    the node's driver, shared with the function agent; the caller closes it
   * @param clock     the outcomes' instants
   * @param scheduler timeouts and grace periods; the caller's
   */
  public DockerExecRunner(ExecSettings settings, ContainerDriver driver, Clock clock, Scheduler scheduler) {
    this.settings = settings;
    this.driver = driver;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  @Override
  public String start(ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
    String what = "cannot start exec " + launch.execId() + " of alloc " + launch.allocId() + ": ";
    try {
      driver.ensureImage(launch.image(), settings.pullTimeout());
    } catch (DriverException e) {
      throw new DriverException(e.kind(), what + e.getMessage(), e);
    }
    BoundedLog output;
    try {
      Scratch.prepare(launch.scratchDir(), settings.user());
      for (java.nio.file.Path dir : launch.mounts().values()) {
        Scratch.prepare(dir, settings.user());
      }
      output = BoundedLog.open(launch.logFile(), settings.maxLogBytes());
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, what + "cannot prepare its scratch directory " + launch.scratchDir()
          + " or log file " + launch.logFile() + ": " + e.getMessage(), e);
    }
    watchExits();
    String id;
    try {
      id = driver.create(ExecSpecs.spec(settings, launch));
    } catch (DriverException | IllegalArgumentException e) {
      discard(output, launch);
      throw new DriverException(e instanceof DriverException d ? d.kind() : Kind.FAILED, what + e.getMessage(), e);
    }
    Tracked t = new Tracked(id, launch, output, onEnd);
    tracked.put(id, t);
    try {
      driver.start(id);
      t.follower = driver.followLog(id, sink(t));
    } catch (DriverException e) {
      tracked.remove(id);
      t.release();
      removeQuietly(id);
      discard(output, launch);
      throw new DriverException(e.kind(), what + e.getMessage(), e);
    }
    scheduleTimeout(t);
    return id;
  }

  @Override
  public void adopt(String containerId, ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
    watchExits();
    if (ExecEnds.isGone(driver.inspect(containerId))) {
      // Keep the log file as the last process left it: the engine has nothing to re-capture.
      ExecOutcome gone = ExecEnds.outcome(ContainerState.gone(), true, Optional.empty(), 0, clock.instant());
      Thread.ofVirtual().name("hearth-exec-end").start(() -> onEnd.accept(gone));
      return;
    }
    BoundedLog output;
    try {
      output = BoundedLog.open(launch.logFile(), settings.maxLogBytes());
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "cannot adopt exec " + launch.execId() + ": cannot write its log file "
          + launch.logFile() + ": " + e.getMessage(), e);
    }
    Tracked t = new Tracked(containerId, launch, output, onEnd);
    if (tracked.putIfAbsent(containerId, t) != null) {
      output.close();
      throw new IllegalStateException("container " + containerId + " is already followed by this runner");
    }
    try {
      t.follower = driver.followLog(containerId, sink(t));
    } catch (DriverException e) {
      log.warn("cannot follow the log of adopted exec {} (container {}): {}", launch.execId(), containerId,
          e.getMessage());
      output.close();
    }
    scheduleTimeout(t);
    check(t); // it may have ended while no process followed it
  }

  @Override
  public void kill(String containerId, String reason) {
    Tracked t = tracked.get(containerId);
    if (t != null) {
      t.killedBecause(reason);
    }
    try {
      driver.kill(containerId);
    } catch (DriverException e) {
      if (e.kind() != Kind.NO_SUCH_CONTAINER) {
        throw e;
      }
    }
    if (t != null) {
      check(t);
    }
  }

  @Override
  public void remove(String containerId) {
    Tracked t = tracked.get(containerId);
    if (t != null) {
      t.killedBecause("its container was removed");
    }
    driver.remove(containerId);
    if (t != null) {
      check(t);
    }
  }

  @Override
  public List<ExecContainer> list() {
    List<ExecContainer> found = new ArrayList<>();
    driver.listLabels(ExecSpecs.own(settings.nodeId()))
        .forEach((id, labels) -> ExecSpecs.fromLabels(id, labels).ifPresent(found::add));
    return found;
  }

  /** How many execs this runner follows now (for tests and metrics). */
  public int following() {
    return tracked.size();
  }

  /** The log sink of one exec: its bounded file, and a look at the container once the log ends. */
  private LogSink sink(Tracked t) {
    return new LogSink() {
      @Override
      public void output(byte[] buffer, int offset, int length) {
        t.output.output(buffer, offset, length);
      }

      @Override
      public void ended(Exception failure) {
        t.output.ended(failure);
        if (!t.ended.get()) {
          Thread.ofVirtual().name("hearth-exec-check").start(() -> check(t));
        }
      }
    };
  }

  private void exited(String containerId) {
    Tracked t = tracked.get(containerId);
    if (t != null) {
      Thread.ofVirtual().name("hearth-exec-check").start(() -> check(t));
    }
  }

  /** Looks at the container; once it has stopped, ends the exec when its log is complete. */
  private void check(Tracked t) {
    if (t.ended.get()) {
      return;
    }
    ContainerState state;
    try {
      state = driver.inspect(t.containerId);
    } catch (DriverException e) {
      log.warn("cannot inspect exec container {}, trying again in {}: {}", t.containerId, RECHECK, e.getMessage());
      scheduler.schedule(RECHECK, () -> Thread.ofVirtual().name("hearth-exec-check").start(() -> check(t)));
      return;
    }
    if (state.running() || !t.stopSeen.compareAndSet(false, true)) {
      return;
    }
    boolean gone = ExecEnds.isGone(state);
    if (gone) {
      t.output.close(); // nothing more will come
    }
    Scheduled grace = scheduler.schedule(OUTPUT_GRACE, () -> t.output.done().complete(null));
    t.output.done().whenComplete((v, x) -> {
      grace.cancel();
      Thread.ofVirtual().name("hearth-exec-end").start(() -> finish(t, state, gone));
    });
  }

  private void finish(Tracked t, ContainerState state, boolean gone) {
    if (!t.ended.compareAndSet(false, true)) {
      return;
    }
    tracked.remove(t.containerId, t);
    t.release();
    if (!gone) {
      recapture(t);
    }
    ExecOutcome outcome = ExecEnds.outcome(state, gone, t.killReason(), t.launch.resources().memoryBytes(),
        clock.instant());
    log.info("exec {} of alloc {} (container {}) ended {}{}", t.launch.execId(), t.launch.allocId(), t.containerId,
        outcome.end(), outcome.error().isEmpty() ? "" : ": " + outcome.error());
    t.tell(outcome);
  }

  /**
   * Reads the stopped container's whole log once more and keeps it when it holds more than the
   * followed one: the engine's follow of a container that exits within milliseconds of its start
   * can end before it delivered the output (seen on this engine: an empty log of a container that
   * wrote 5,000 bytes). A log that was cut at the bound has nothing more to gain.
   */
  private void recapture(Tracked t) {
    if (t.output.written() >= settings.maxLogBytes()) {
      return;
    }
    Path file = t.launch.logFile();
    Path again = file.resolveSibling(file.getFileName() + ".again");
    try {
      long more;
      try (BoundedLog whole = BoundedLog.open(again, settings.maxLogBytes())) {
        try (AutoCloseable follower = driver.followLog(t.containerId, whole)) {
          whole.done().get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        more = whole.written() - t.output.written();
      }
      if (more > 0) {
        t.output.close();
        Files.move(again, file, StandardCopyOption.REPLACE_EXISTING);
        log.info("exec {}: the followed log missed {} bytes of output; kept the engine's whole log", t.launch.execId(),
            more);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("cannot read the whole log of exec {} again (container {}): {}", t.launch.execId(), t.containerId,
          e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(again);
      } catch (IOException e) {
        log.debug("cannot delete {}: {}", again, e.getMessage());
      }
    }
  }

  private void scheduleTimeout(Tracked t) {
    t.launch.timeout().ifPresent(timeout -> t.timeout = scheduler.schedule(timeout,
        () -> Thread.ofVirtual().name("hearth-exec-timeout").start(() -> {
          try {
            kill(t.containerId, ExecEnds.timedOut(timeout));
          } catch (DriverException e) {
            log.warn("cannot kill exec container {} at its timeout: {}", t.containerId, e.getMessage());
          }
        })));
  }

  private synchronized void watchExits() {
    if (closed) {
      throw new IllegalStateException("this exec runner is closed");
    }
    if (exits == null) {
      exits = driver.onExit(ExecSpecs.own(settings.nodeId()), this::exited);
    }
  }

  /** A start that failed leaves no log file behind. */
  private static void discard(BoundedLog output, ExecLaunch launch) {
    output.close();
    try {
      Files.deleteIfExists(launch.logFile());
    } catch (IOException e) {
      log.warn("cannot delete the log file {} of an exec that failed to start: {}", launch.logFile(), e.getMessage());
    }
  }

  private void removeQuietly(String id) {
    try {
      driver.remove(id);
    } catch (DriverException e) {
      log.warn("cannot remove container {} of an exec that failed to start: {}", id, e.getMessage());
    }
  }

  /** Stops following; the containers keep running, for the next process to adopt. */
  @Override
  public void close() {
    AutoCloseable subscription;
    synchronized (this) {
      closed = true;
      subscription = exits;
      exits = null;
    }
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("closing the exec exit subscription failed: {}", e.getMessage());
      }
    }
    for (Tracked t : tracked.values()) {
      t.ended.set(true); // a close is not an end: nobody is told
      t.release();
    }
    tracked.clear();
  }
}
