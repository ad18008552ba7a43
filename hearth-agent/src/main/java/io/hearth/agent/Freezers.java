package io.hearth.agent;

import io.hearth.agent.FreezerCgroups.Mount;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the node's {@link Freezer}. The cgroup freezer thaws in tens of microseconds where the
 * engine takes milliseconds (docs/freezing.md), so it is chosen whenever a freezer hierarchy is
 * mounted writable; otherwise (a read-only {@code /sys/fs/cgroup}, as inside a container, or no
 * freezer at all) the engine's pause and unpause. Stateless.
 */
public final class Freezers {
  private static final Logger LOG = LoggerFactory.getLogger(Freezers.class);

  private Freezers() {}

  /** Which freezer to use: the configuration's choice. */
  public enum Method {
    /** The cgroup freezer when usable, else the engine. */
    AUTO,
    /** The cgroup freezer; fails when none is usable. */
    CGROUP,
    /** The engine's pause and unpause. */
    ENGINE
  }

  /**
   * The freezer for this node. Reads {@code /proc/self/mountinfo}: call from {@code main}.
   *
   * @param pidOf a container's first process id on the host, 0 when it is not running (with
   *              Docker: {@code DockerDriver::pid}); used once per cgroup layout, and for
   *              containers outside it
   * @throws IllegalStateException for {@link Method#CGROUP} when no cgroup freezer is usable
   */
  public static Freezer choose(Method method, ContainerDriver driver, ToLongFunction<String> pidOf, Clock clock) {
    String mountinfo = "";
    if (method != Method.ENGINE) {
      try {
        mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
      } catch (IOException e) {
        LOG.warn("cannot read /proc/self/mountinfo to find the cgroup freezer: {}", e.toString());
      }
    }
    Freezer f = choose(method, mountinfo, driver, pidOf, Path.of("/proc"), clock::nanoTime);
    LOG.info("idle containers are frozen with {}", f);
    return f;
  }

  /** {@link #choose(Method, ContainerDriver, ToLongFunction, Clock)} from the mount table's content. */
  static Freezer choose(Method method, String mountinfo, ContainerDriver driver, ToLongFunction<String> pidOf,
      Path proc, LongSupplier nanoTime) {
    Freezer engine = new EngineFreezer(driver);
    if (method == Method.ENGINE) {
      return engine;
    }
    List<Mount> mounts = FreezerCgroups.mounts(mountinfo);
    for (Mount m : mounts) {
      if (Files.isDirectory(m.mountPoint()) && Files.isWritable(m.mountPoint())) {
        return new CgroupFreezer(m, proc, pidOf, engine, nanoTime, CgroupFreezer.DEFAULT_TIMEOUT);
      }
    }
    if (method == Method.CGROUP) {
      throw new IllegalStateException(mounts.isEmpty()
          ? "no cgroup freezer is mounted (neither the v1 freezer controller nor cgroup2 in /proc/self/mountinfo); "
              + "choose the engine's pause instead"
          : "the cgroup freezer at " + mounts.getFirst().mountPoint() + " is not writable (run Hearth as root, "
              + "with /sys/fs/cgroup mounted read-write), or choose the engine's pause instead");
    }
    return engine;
  }
}
