package io.hearth.agent;

import io.hearth.core.call.CallError;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent does to one container on the engine: freeze, thaw, remove, and find out why its
 * connection broke. Each runs under the container's {@code engineOps} lock, so a freeze decided
 * while the container was idle can never land on it once it is busy, and removal waits for both.
 * Stateless apart from its collaborators.
 */
final class ContainerOps {
  private static final Logger log = LoggerFactory.getLogger(ContainerOps.class);
  /**
   * How long to wait for the engine to report a container stopped after its connection broke: a
   * process that broke it by dying is reported within milliseconds; one that merely closed its
   * connection keeps running, and the call should not wait long to say so.
   */
  private static final Duration EXIT_GRACE = Duration.ofMillis(300);


  /**
   * Removals at once: Docker 20.10's networking deadlocks when many containers are removed
   * together (moby/moby#42545, fixed in 20.10.27), and a shutdown or an eviction wave does that.
   */
  private static final int CONCURRENT_REMOVALS = 4;

  private final java.util.concurrent.Semaphore removals = new java.util.concurrent.Semaphore(CONCURRENT_REMOVALS);
  private final ContainerDriver driver;
  private final Freezer freezer;
  private final Map<String, FunctionContainer> byEngineId;

  ContainerOps(ContainerDriver driver, Freezer freezer, Map<String, FunctionContainer> byEngineId) {
    this.driver = driver;
    this.freezer = freezer;
    this.byEngineId = byEngineId;
  }

  /** Pauses an idle container, unless a call took it meanwhile. */
  void freeze(FunctionContainer c) {
    c.engineOps.lock();
    try {
      if (!c.busy && !c.paused && !c.exited() && c.id != null) {
        freezer.freeze(c.id);
        c.paused = true;
      }
    } catch (RuntimeException e) {
      log.debug("cannot freeze {}: {}", c, e.getMessage());
    } finally {
      c.engineOps.unlock();
    }
  }

  /** Thaws a container paused while idle; checked on every call, whatever the pool believed. */
  void thawIfPaused(FunctionContainer c) {
    c.engineOps.lock();
    try {
      if (c.paused) {
        freezer.thaw(c.id);
        c.paused = false;
      }
    } catch (RuntimeException e) {
      log.warn("cannot thaw {}: {}", c, e.getMessage());
    } finally {
      c.engineOps.unlock();
    }
  }

  /**
   * Why a container's connection broke: waits briefly for the engine to report it stopped, then
   * names out-of-memory, a non-zero exit, or a plain broken connection.
   */
  CallExchange.Outcome diagnose(FunctionContainer c) {
    try {
      c.awaitExit(EXIT_GRACE); // the engine's die event; inspect below tells how it ended either way
      ContainerState state = driver.inspect(c.id);
      if (!state.running()) {
        c.markExited();
        if (state.oomKilled()) {
          return CallExchange.Outcome.failed(CallError.OUT_OF_MEMORY, CallError.OUT_OF_MEMORY.message());
        }
        if (state.exitCode() > 0) {
          return CallExchange.Outcome.failed(CallError.EXITED, CallError.EXITED.message(state.exitCode()));
        }
      }
    } catch (DriverException e) {
      log.warn("cannot inspect container {}: {}", c, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CallExchange.Outcome.failed(CallError.RECEIVE_FAILED, CallError.RECEIVE_FAILED.message());
  }

  /** Kills and removes the container and its socket directory; what is already gone is fine. */
  void remove(FunctionContainer c) {
    removals.acquireUninterruptibly();
    try {
      removeNow(c);
    } finally {
      removals.release();
    }
  }

  private void removeNow(FunctionContainer c) {
    c.engineOps.lock();
    try {
      if (c.id != null) {
        if (c.paused) {
          freezer.thaw(c.id); // a frozen process cannot die until thawed (cgroup v1)
          c.paused = false;
        }
        if (c.output != null) {
          try {
            c.output.close();
          } catch (Exception e) {
            log.debug("closing the output of {}: {}", c, e.getMessage());
          }
        }
        driver.remove(c.id);
        byEngineId.remove(c.id);
      }
    } catch (RuntimeException e) {
      log.warn("cannot remove container {}: {}", c, e.getMessage());
    } finally {
      c.engineOps.unlock();
    }
    deleteTree(c.socketDir);
  }

  /** Removes every container carrying {@code labels} and every socket directory under {@code socketRoot}. */
  void removeLeftovers(Map<String, String> labels, Path socketRoot) throws IOException {
    for (String id : driver.list(labels)) {
      log.info("removing container {} left behind by an earlier run of this node", id);
      try {
        // an earlier run may have left it frozen: a frozen process ignores SIGTERM and, with
        // cgroup v1, SIGKILL until thawed, so the removal (or an engine shutdown) would wait on it
        freezer.thaw(id);
      } catch (RuntimeException e) {
        log.debug("thawing leftover {} before removing it: {}", id, e.getMessage()); // was not frozen
      }
      driver.remove(id);
    }
    SocketRoot.prepare(socketRoot);
    try (Stream<Path> stale = Files.list(socketRoot)) {
      stale.forEach(ContainerOps::deleteTree);
    }
  }

  /** Removes these containers concurrently (as far as the removal limit allows), waiting up to {@code each} for each. */
  void removeAll(List<FunctionContainer> all, Duration each) {
    List<Thread> removals = new ArrayList<>();
    for (FunctionContainer c : all) {
      c.abortConnection();
      removals.add(Thread.ofVirtual().start(() -> remove(c)));
    }
    for (Thread t : removals) {
      try {
        t.join(each);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          log.debug("cannot delete {}: {}", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      log.debug("cannot walk {}: {}", root, e.getMessage());
    }
  }
}
