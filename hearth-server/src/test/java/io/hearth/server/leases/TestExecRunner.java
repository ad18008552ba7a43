package io.hearth.server.leases;

import io.hearth.core.driver.DriverException;
import io.hearth.core.lease.ExecLaunch;
import io.hearth.core.lease.ExecOutcome;
import io.hearth.core.lease.ExecRunner;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An exec runner in memory: containers "run" until a test ends them ({@link #exit}) or Hearth kills
 * them; every end is reported at once on the calling thread. Thread-safe (this object's monitor).
 */
final class TestExecRunner implements ExecRunner {
  private final InstantSource clock;
  /** The engine's containers by id, running or not. */
  private final Map<String, ExecContainer> containers = new LinkedHashMap<>();
  /** Followed containers (started or adopted) by exec id. */
  private final Map<String, Followed> followed = new LinkedHashMap<>();
  final Set<String> missingImages = ConcurrentHashMap.newKeySet();
  final List<String> killed = new ArrayList<>();
  final List<String> removed = new ArrayList<>();
  final List<String> adopted = new ArrayList<>();

  private static final class Followed {
    final String containerId;
    final ExecLaunch launch;
    final Consumer<ExecOutcome> onEnd;
    boolean ended;

    Followed(String containerId, ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
      this.containerId = containerId;
      this.launch = launch;
      this.onEnd = onEnd;
    }
  }

  TestExecRunner(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public synchronized String start(ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
    if (missingImages.contains(launch.image())) {
      throw new DriverException(DriverException.Kind.IMAGE_NOT_FOUND, "image " + launch.image() + " was not found");
    }
    String id = "c-" + launch.execId();
    containers.put(id, new ExecContainer(id, launch.allocId(), launch.execId()));
    followed.put(launch.execId(), new Followed(id, launch, onEnd));
    return id;
  }

  @Override
  public synchronized void adopt(String containerId, ExecLaunch launch, Consumer<ExecOutcome> onEnd) {
    adopted.add(containerId);
    followed.put(launch.execId(), new Followed(containerId, launch, onEnd));
  }

  @Override
  public void kill(String containerId, String reason) {
    Followed f;
    synchronized (this) {
      killed.add(containerId);
      f = followed.values().stream().filter(x -> x.containerId.equals(containerId) && !x.ended).findFirst()
          .orElse(null);
      if (f == null) {
        return;
      }
      f.ended = true;
    }
    f.onEnd.accept(new ExecOutcome(ExecOutcome.End.KILLED, OptionalInt.empty(), false, reason, clock.instant()));
  }

  @Override
  public synchronized void remove(String containerId) {
    removed.add(containerId);
    containers.remove(containerId);
  }

  @Override
  public synchronized List<ExecContainer> list() {
    return List.copyOf(containers.values());
  }

  /** A container a previous run of the node left (as after a restart). */
  synchronized void leftOver(String containerId, String allocId, String execId) {
    containers.put(containerId, new ExecContainer(containerId, allocId, execId));
  }

  /** The exec's container exits by itself. */
  void exit(String execId, int code, boolean oom) {
    Followed f;
    synchronized (this) {
      f = followed.get(execId);
      if (f == null || f.ended) {
        throw new AssertionError("exec " + execId + " is not running here");
      }
      f.ended = true;
    }
    f.onEnd.accept(new ExecOutcome(code == 0 ? ExecOutcome.End.SUCCEEDED : ExecOutcome.End.FAILED,
        OptionalInt.of(code), oom, code == 0 ? "" : "exited with code " + code, clock.instant()));
  }

  synchronized ExecLaunch launch(String execId) {
    return followed.get(execId).launch;
  }

  synchronized boolean running(String execId) {
    Followed f = followed.get(execId);
    return f != null && !f.ended;
  }
}
