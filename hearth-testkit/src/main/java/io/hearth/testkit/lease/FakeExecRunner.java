package io.hearth.testkit.lease;

import io.hearth.core.driver.DriverException;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecOutcome.End;
import io.hearth.core.lease.ExecRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@link ExecRunner} for unit tests: it records what it is asked to run, and the test decides
 * how each exec ends ({@link #exit}, {@link #oom}, {@link #end}); {@link #kill} ends one killed with
 * its reason, as the real runner does. {@link #restart} forgets every {@code onEnd} (as a Hearth
 * process that went away does) while the "containers" keep running, so that {@link #list} and
 * {@link #adopt} can be tested.
 *
 * <p>{@code onEnd} is called on the thread that ends the exec (the test's, or the one calling
 * {@code kill}), never inside {@code start}, and at most once per start or adoption.
 *
 * <p>State: {@code this} guards everything; {@code onEnd} is called outside the lock.
 */
public final class FakeExecRunner implements ExecRunner {

  /** One exec the runner was asked to start (or adopt), with its container id. */
  public record Launched(String containerId, ExecLaunch launch) {}

  private static final class Exec {
    final String containerId;
    final ExecLaunch launch;
    Consumer<ExecOutcome> onEnd;
    ExecOutcome outcome;
    boolean removed;

    Exec(String containerId, ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
      this.containerId = containerId;
      this.launch = launch;
      this.onEnd = onEnd;
    }
  }

  private final InstantSource clock;
  private final Map<String, Exec> execs = new LinkedHashMap<>();
  private final List<Launched> launches = new ArrayList<>();
  private final List<String> kills = new ArrayList<>();
  private final Set<String> missingImages = new HashSet<>();
  private DriverException nextStartFailure;
  private int nextId = 1;

  /** @param clock the outcomes' {@code finishedAt} (a ManualClock in tests) */
  public FakeExecRunner(InstantSource clock) {
    this.clock = clock;
  }

  /** Starting an exec of this image throws {@code IMAGE_NOT_FOUND}, as the real runner does. */
  public synchronized FakeExecRunner missingImage(String image) {
    missingImages.add(image);
    return this;
  }

  /** The next {@link #start} throws {@code failure} (and leaves nothing behind). */
  public synchronized FakeExecRunner failNextStart(DriverException failure) {
    nextStartFailure = failure;
    return this;
  }

  @Override
  public synchronized String start(ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
    if (nextStartFailure != null) {
      DriverException e = nextStartFailure;
      nextStartFailure = null;
      throw e;
    }
    if (missingImages.contains(launch.image())) {
      throw new DriverException(DriverException.Kind.IMAGE_NOT_FOUND,
          "cannot start exec " + launch.execId() + ": image '" + launch.image() + "' is not here (fake exec runner)");
    }
    String id = String.format("fakeexec%056d", nextId++);
    execs.put(id, new Exec(id, launch, onEnd));
    launches.add(new Launched(id, launch));
    return id;
  }

  @Override
  public void adopt(String containerId, ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
    ExecOutcome already;
    synchronized (this) {
      Exec e = execs.get(containerId);
      if (e != null && !e.removed && e.outcome == null) {
        e.onEnd = onEnd;
        launches.add(new Launched(containerId, launch));
        return;
      }
      already = e == null || e.removed
          ? new ExecOutcome(End.FAILED, OptionalInt.empty(), false, "its container is gone", clock.instant())
          : e.outcome;
    }
    onEnd.accept(already);
  }

  @Override
  public void kill(String containerId, String reason) {
    synchronized (this) {
      kills.add(containerId);
    }
    end(containerId, new ExecOutcome(End.KILLED, OptionalInt.empty(), false, reason, clock.instant()));
  }

  @Override
  public void remove(String containerId) {
    kill(containerId, "its container was removed");
    synchronized (this) {
      Exec e = execs.get(containerId);
      if (e != null) {
        e.removed = true;
      }
    }
  }

  @Override
  public synchronized List<ExecContainer> list() {
    return execs.values().stream().filter(e -> !e.removed)
        .map(e -> new ExecContainer(e.containerId, e.launch.allocId(), e.launch.execId())).toList();
  }

  /** The exec exits by itself with {@code code}: succeeded when 0, else failed. */
  public void exit(String containerId, int code) {
    end(containerId, code == 0
        ? new ExecOutcome(End.SUCCEEDED, OptionalInt.of(0), false, "", clock.instant())
        : new ExecOutcome(End.FAILED, OptionalInt.of(code), false, "exited with code " + code, clock.instant()));
  }

  /** The kernel kills the exec for memory: failed, oom. */
  public void oom(String containerId) {
    end(containerId, new ExecOutcome(End.FAILED, OptionalInt.of(137), true,
        "ran out of memory: the kernel killed it at its memory limit", clock.instant()));
  }

  /**
   * Ends the exec with {@code outcome}, telling its {@code onEnd} (unless the runner was {@link
   * #restart}ed since and it was not adopted). Ending one that already ended, or is unknown, does nothing.
   */
  public void end(String containerId, ExecOutcome outcome) {
    Consumer<ExecOutcome> tell;
    synchronized (this) {
      Exec e = execs.get(containerId);
      if (e == null || e.outcome != null) {
        return;
      }
      e.outcome = outcome;
      tell = e.onEnd;
      e.onEnd = null;
    }
    if (tell != null) {
      tell.accept(outcome);
    }
  }

  /** Appends {@code text} to the exec's log file, as its container's output would. */
  public void writeLog(String containerId, String text) {
    Path file;
    synchronized (this) {
      file = existing(containerId).launch.logFile();
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fake exec log " + file, e);
    }
  }

  /** The process went away: no {@code onEnd} is told any more until its exec is adopted; execs keep running. */
  public synchronized void restart() {
    execs.values().forEach(e -> e.onEnd = null);
  }

  /** Every start and adoption, in order. */
  public synchronized List<Launched> launches() {
    return List.copyOf(launches);
  }

  /** The last start (or adoption) of this exec. */
  public synchronized Optional<Launched> launched(String execId) {
    return launches.reversed().stream().filter(l -> l.launch().execId().equals(execId)).findFirst();
  }

  /** Container ids of the execs still running. */
  public synchronized List<String> running() {
    return execs.values().stream().filter(e -> e.outcome == null && !e.removed).map(e -> e.containerId).toList();
  }

  /** How the exec ended, if it did. */
  public synchronized Optional<ExecOutcome> outcome(String containerId) {
    return Optional.ofNullable(existing(containerId).outcome);
  }

  /** Container ids {@link #kill} (or {@link #remove}) was called with, in order. */
  public synchronized List<String> kills() {
    return List.copyOf(kills);
  }

  private Exec existing(String containerId) {
    Exec e = execs.get(containerId);
    if (e == null) {
      throw new IllegalArgumentException("no exec container " + containerId + " (fake exec runner)");
    }
    return e;
  }
}
