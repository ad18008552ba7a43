package io.hearth.server.leases;

import io.hearth.core.driver.DriverException;
import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecRunner;
import io.hearth.core.ledger.Resources;
import io.hearth.core.time.Clock;
import io.hearth.server.leases.LeaseResult.Failure;
import io.hearth.server.leases.NodeLeases.ExecRequest;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import io.hearth.store.leases.LeaseStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execs of one node's allocs: their shares of their allocs, their containers through the
 * {@link ExecRunner}, their rows in the lease store, and the disk bound of each alloc's scratch
 * directory. {@link LocalLeases} decides which allocs live; this class runs what is inside them.
 *
 * <p>Threads: this object's monitor guards {@code slots} and every {@link AllocSlot}'s fields (short
 * updates, no I/O). Each {@link RunningExec}'s monitor guards its row, container, early end and kill
 * reason, and is held across that exec's store writes so they land in order (running before
 * finished, whichever thread learns first). Lock order: an exec, then this; nothing here calls the
 * runner or the store under this monitor. Starting, adopting, killing, measuring and removing run
 * on {@code background} (virtual threads), never on the caller's thread.
 */
final class Execs {
  private static final Logger log = LoggerFactory.getLogger(Execs.class);

  private final LeaseSettings settings;
  private final LeaseStore store;
  private final ExecRunner runner;
  private final Clock clock;
  private final Executor background;
  private final Supplier<String> ids;
  /** Allocs that live here, or ended and not yet collected. Guarded by this. */
  private final Map<String, AllocSlot> slots = new HashMap<>();
  private final Map<String, LongAdder> ends = new ConcurrentHashMap<>();

  Execs(LeaseSettings settings, LeaseStore store, ExecRunner runner, Clock clock, Executor background,
      Supplier<String> ids) {
    this.settings = settings;
    this.store = store;
    this.runner = runner;
    this.clock = clock;
    this.background = background;
    this.ids = ids;
  }

  /** Makes room for a new (or adopted) alloc's execs and its directories. */
  void open(Alloc alloc) throws IOException {
    Files.createDirectories(settings.scratchDir(alloc.id()));
    Files.createDirectories(settings.logFile(alloc.id(), "x").getParent());
    synchronized (this) {
      slots.putIfAbsent(alloc.id(), new AllocSlot(alloc.resources()));
    }
  }

  /** Starts an exec in live alloc {@code alloc}: records it pending and starts its container on a virtual thread. */
  LeaseResult<ExecRow> start(Alloc alloc, ExecRequest request) {
    if (request.image().isBlank()) {
      return LeaseResult.failed(Failure.INVALID, "an exec needs an image, e.g. \"image\": \"alpine:3.20\"");
    }
    if (request.timeout().isPresent() && request.timeout().get().toSeconds() < 1) {
      return LeaseResult.failed(Failure.INVALID, "timeout_secs must be a whole number of seconds from 1");
    }
    String execId = ids.get();
    Instant now = now();
    RunningExec exec;
    synchronized (this) {
      AllocSlot slot = slots.get(alloc.id());
      if (slot == null || slot.ended != null) {
        return LeaseResult.failed(Failure.GONE, "alloc expired: " + alloc.id() + " has ended"
            + (slot == null ? "" : " (" + slot.ended + ")") + "; create another alloc");
      }
      LeaseResult<Resources> chosen = ExecShare.choose(alloc.id(), slot.resources, slot.free(), slot.running.size(),
          request.resources());
      if (chosen instanceof LeaseResult.Failed<Resources> refused) {
        return refused.cast();
      }
      Resources share = ((LeaseResult.Ok<Resources>) chosen).value();
      ExecLaunch launch = new ExecLaunch(alloc.id(), execId, request.image(), request.cmd(), request.env(), share,
          request.labels(), request.timeout(), settings.scratchDir(alloc.id()), settings.logFile(alloc.id(), execId),
          mounts(alloc.id(), request.mounts()));
      ExecRow row = ExecRow.pending(execId, alloc.id(), request.image(), request.cmd(), request.env(),
          ResourceNames.toWire(share), request.labels(), now);
      exec = new RunningExec(launch, row);
      slot.running.put(execId, exec);
    }
    ExecRow pending = exec.row; // read before the launch may move it on
    try {
      store.insertExec(pending);
    } catch (RuntimeException e) {
      forget(exec);
      throw e;
    }
    background.execute(() -> launch(exec));
    return LeaseResult.ok(pending);
  }

  /** The request's mounts with their host directories under the alloc's scratch directory. */
  private Map<String, java.nio.file.Path> mounts(String allocId, Map<String, String> asked) {
    Map<String, java.nio.file.Path> m = new HashMap<>();
    asked.forEach((at, rel) -> m.put(at, settings.scratchDir(allocId).resolve(rel).normalize()));
    return m;
  }

  private void launch(RunningExec exec) {
    synchronized (exec) {
      if (exec.killReason != null) {
        finish(exec, new ExecOutcome(ExecOutcome.End.KILLED, OptionalInt.empty(), false, exec.killReason, now()));
        return;
      }
    }
    String containerId;
    try {
      containerId = runner.start(exec.launch, outcome -> ended(exec, outcome));
    } catch (DriverException e) {
      finish(exec, new ExecOutcome(ExecOutcome.End.FAILED, OptionalInt.empty(), false, e.getMessage(), now()));
      return;
    } catch (RuntimeException e) {
      log.warn("exec {} of alloc {} could not start", exec.launch.execId(), exec.launch.allocId(), e);
      finish(exec, new ExecOutcome(ExecOutcome.End.FAILED, OptionalInt.empty(), false,
          "could not start: " + e.getMessage(), now()));
      return;
    }
    String kill;
    synchronized (exec) {
      exec.containerId = containerId;
      exec.row = exec.row.running(containerId, now());
      write(exec.row);
      exec.launch.timeout().ifPresent(t -> Deadlines.write(settings.deadlineFile(exec.launch.allocId(),
          exec.launch.execId()), exec.row.startedAt().plus(t)));
      if (exec.earlyEnd != null) {
        finish(exec, exec.earlyEnd);
        return;
      }
      kill = exec.killReason;
    }
    if (kill != null) {
      runner.kill(containerId, kill);
    }
  }

  /** The runner's report of an exec's end, which may come before {@code start} has returned. */
  private void ended(RunningExec exec, ExecOutcome outcome) {
    synchronized (exec) {
      if (exec.containerId == null && !exec.finished) {
        exec.earlyEnd = outcome;
        return;
      }
    }
    finish(exec, outcome);
  }

  private void finish(RunningExec exec, ExecOutcome outcome) {
    synchronized (exec) {
      if (exec.finished) {
        return;
      }
      exec.finished = true;
      if (exec.killReason != null && outcome.end() == ExecOutcome.End.FAILED && !outcome.oom()) {
        // Hearth asked for this kill; the runner may not know (a kill that came before an adopted
        // exec was followed again reads as a plain exit 137 to it): the owner of the intent decides.
        outcome = new ExecOutcome(ExecOutcome.End.KILLED, outcome.exitCode(), false, exec.killReason,
            outcome.finishedAt());
      }
      ExecState state = switch (outcome.end()) {
        case SUCCEEDED -> ExecState.SUCCEEDED;
        case FAILED -> ExecState.FAILED;
        case KILLED -> ExecState.KILLED;
      };
      exec.row = exec.row.finished(state, outcome.exitCode().isPresent() ? outcome.exitCode().getAsInt() : null,
          outcome.oom(), outcome.error().isEmpty() ? null : outcome.error(), millis(outcome.finishedAt()));
      write(exec.row);
    }
    ends.computeIfAbsent(exec.row.state().wire(), k -> new LongAdder()).increment();
    forget(exec);
  }

  private synchronized void forget(RunningExec exec) {
    AllocSlot slot = slots.get(exec.launch.allocId());
    if (slot != null) {
      slot.running.remove(exec.launch.execId());
    }
  }

  /** Kills every running exec of alloc {@code allocId}, which has ended: no exec starts in it any more. */
  void endAlloc(String allocId, String reason) {
    List<RunningExec> running;
    synchronized (this) {
      AllocSlot slot = slots.get(allocId);
      if (slot == null) {
        return;
      }
      slot.ended = reason;
      running = new ArrayList<>(slot.running.values());
    }
    for (RunningExec e : running) {
      kill(e, reason);
    }
  }

  private void kill(RunningExec exec, String reason) {
    String containerId;
    synchronized (exec) {
      if (exec.finished) {
        return;
      }
      if (exec.killReason == null) {
        exec.killReason = reason;
      }
      containerId = exec.containerId; // null: launch sees the reason and kills or never starts it
    }
    if (containerId != null) {
      background.execute(() -> runner.kill(containerId, reason));
    }
  }

  /** Whether exec {@code execId} of {@code allocId} is running (or about to) here. */
  synchronized boolean running(String allocId, String execId) {
    AllocSlot slot = slots.get(allocId);
    return slot != null && slot.running.containsKey(execId);
  }

  /**
   * Measures the scratch directory of each alloc with running execs and a disk bound, on virtual
   * threads, and kills the running execs of those that hold more than their {@code disk_bytes}.
   */
  void checkDisks() {
    List<Map.Entry<String, AllocSlot>> due = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<String, AllocSlot> e : slots.entrySet()) {
        AllocSlot s = e.getValue();
        if (!s.running.isEmpty() && s.ended == null && !s.measuring && s.resources.amount(Resources.DISK) > 0) {
          s.measuring = true;
          due.add(e);
        }
      }
    }
    for (Map.Entry<String, AllocSlot> e : due) {
      background.execute(() -> measure(e.getKey(), e.getValue()));
    }
  }

  private void measure(String allocId, AllocSlot slot) {
    try {
      long size = ScratchFiles.size(settings.scratchDir(allocId));
      long disk = slot.resources.amount(Resources.DISK);
      if (size > disk) {
        String reason = "alloc " + allocId + " wrote " + size + " bytes to " + ExecLaunch.SCRATCH_MOUNT
            + ", more than its disk_bytes " + disk;
        List<RunningExec> running;
        synchronized (this) {
          running = new ArrayList<>(slot.running.values());
        }
        log.info("{}: killing its {} running exec(s)", reason, running.size());
        for (RunningExec x : running) {
          kill(x, reason);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("could not measure the scratch directory of alloc {}", allocId, e);
    } finally {
      synchronized (this) {
        slot.measuring = false;
      }
    }
  }

  /**
   * Re-adopts the execs of an alloc a previous run of this node held: those stored running or
   * pending whose container the engine still has are followed again, the others failed as lost.
   *
   * @param containers this node's exec containers by exec id
   */
  void adopt(Alloc alloc, List<ExecRow> rows, Map<String, ExecRunner.ExecContainer> containers) throws IOException {
    open(alloc);
    for (ExecRow row : rows) {
      if (row.state().finished()) {
        continue;
      }
      ExecRunner.ExecContainer c = containers.get(row.id());
      if (c == null || !c.allocId().equals(alloc.id())) {
        ExecRow lost = row.finished(ExecState.FAILED, null, false,
            "lost: its container is gone after the node restarted", now());
        write(lost);
        ends.computeIfAbsent(lost.state().wire(), k -> new LongAdder()).increment();
        log.info("exec {} of alloc {} is lost: its container is gone after the restart", row.id(), alloc.id());
        continue;
      }
      Optional<Duration> left = Deadlines.read(settings.deadlineFile(alloc.id(), row.id()))
          .map(d -> Duration.between(now(), d))
          .map(d -> d.compareTo(Deadlines.AT_ONCE) < 0 ? Deadlines.AT_ONCE : d);
      ExecLaunch launch = new ExecLaunch(alloc.id(), row.id(), row.image(), row.cmd(), row.env(),
          ResourceNames.fromWire(row.resources()), row.labels(), left, settings.scratchDir(alloc.id()),
          settings.logFile(alloc.id(), row.id()));
      ExecRow running = row.state() == ExecState.RUNNING && c.containerId().equals(row.containerId()) ? row
          : row.running(c.containerId(), row.startedAt() != null ? row.startedAt() : now());
      RunningExec exec = new RunningExec(launch, running);
      exec.containerId = c.containerId();
      synchronized (this) {
        slots.get(alloc.id()).running.put(row.id(), exec);
      }
      if (running != row) {
        synchronized (exec) {
          write(running);
        }
      }
      background.execute(() -> {
        try {
          runner.adopt(c.containerId(), launch, outcome -> finish(exec, outcome));
        } catch (RuntimeException e) {
          log.warn("could not follow exec {} of alloc {} again", row.id(), alloc.id(), e);
          finish(exec, new ExecOutcome(ExecOutcome.End.FAILED, OptionalInt.empty(), false,
              "lost: its container could not be followed after the node restarted: " + e.getMessage(), now()));
        }
      });
      log.info("re-adopted exec {} of alloc {} in container {}", row.id(), alloc.id(), c.containerId());
    }
  }

  /** Drops collected alloc {@code allocId}: removes its exec containers and its directory, on a virtual thread. */
  void collect(String allocId) {
    synchronized (this) {
      slots.remove(allocId);
    }
    background.execute(() -> {
      try {
        for (ExecRunner.ExecContainer c : runner.list()) {
          if (c.allocId().equals(allocId)) {
            runner.remove(c.containerId());
          }
        }
        ScratchFiles.deleteTree(settings.allocDir(allocId));
      } catch (IOException | RuntimeException e) {
        log.warn("could not remove all of collected alloc {}", allocId, e);
      }
    });
  }

  /** Execs ended since start, by final state word. */
  Map<String, Long> ends() {
    Map<String, Long> out = new TreeMap<>();
    ends.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Called holding the exec's monitor, so that its writes land in order. */
  private void write(ExecRow row) {
    try {
      store.updateExec(row);
    } catch (RuntimeException e) {
      log.warn("could not record exec {} of alloc {} as {}", row.id(), row.allocId(), row.state().wire(), e);
    }
  }

  private Instant now() {
    return millis(clock.instant());
  }

  private static Instant millis(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }
}
