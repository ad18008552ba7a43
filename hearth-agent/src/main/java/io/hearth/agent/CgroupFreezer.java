package io.hearth.agent;

import io.hearth.agent.FreezerCgroups.Mount;
import io.hearth.agent.FreezerCgroups.Template;
import io.hearth.agent.FreezerCgroups.Version;
import io.hearth.core.driver.DriverException;
import io.hearth.core.driver.DriverException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freezes a container by writing to its cgroup's freezer, skipping the engine round trip: v1
 * {@code freezer.state} (FROZEN, then read until it says FROZEN: FREEZING is transient) or v2
 * {@code cgroup.freeze} (1, then read {@code cgroup.events} until {@code frozen 1}). Thawing writes
 * THAWED / 0 and returns.
 *
 * <p>The container's cgroup directory is found from a pattern learned from the first container
 * ({@code /docker/<id>} with Docker's cgroupfs driver, {@code /system.slice/docker-<id>.scope} with
 * the systemd driver); when the pattern does not fit, from {@code /proc/<pid>/cgroup} of the
 * container's first process (the pid comes from the engine), then from the well-known patterns.
 * A container whose cgroup is not found, or not writable, is frozen by the {@code fallback} (the
 * engine); its thaw finds the same and goes the same way, so the two are never mixed.
 *
 * <p>A freeze keeps its control file open for the thaw ({@code thawChannels}): the thaw, on the
 * call path of the container's next call, is then one write to an open file, without looking the
 * cgroup up or opening its file (docs/benchmarks/cold-start.md). An open file of a removed cgroup
 * fails its write, and the thaw then goes by path, which reports the container gone.
 *
 * <p>A freeze that does not complete within the timeout (a process stuck in uninterruptible sleep
 * holds it back) is undone and reported: a half-frozen container must not stay so.
 *
 * <p>Threads: any; the learned pattern is a volatile field replaced whole (a race only learns the
 * same pattern twice), the warned flag an atomic, the open control files a concurrent map whose
 * entries the thaw removes before it writes (callers serialize freeze and thaw of one container:
 * the agent's {@code engineOps} lock). Time for the freeze deadline comes from the
 * injected ticker; the waits between polls park the calling (virtual) thread.
 */
final class CgroupFreezer implements Freezer {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupFreezer.class);
  /**
   * Longest a freeze may take: tasks freeze at their next return to user space, which takes
   * microseconds unless one is in uninterruptible I/O; beyond a second something is stuck.
   */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  /** Reads of the state before parking: a freeze usually completes within a few of them. */
  private static final int SPINS = 20;
  private static final long MAX_PARK_NANOS = 1_000_000;

  private final Mount mount;
  private final Path proc;
  private final ToLongFunction<String> pidOf;
  private final Freezer fallback;
  private final LongSupplier nanoTime;
  private final long timeoutNanos;
  private final AtomicBoolean warnedFallback = new AtomicBoolean();
  private volatile Template learned;
  /** Frozen containers' control files, open for their thaw; an entry is taken by the thaw that uses it. */
  private final Map<String, FileChannel> thawChannels = new ConcurrentHashMap<>();
  private static final byte[] THAWED = "THAWED".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZERO = "0".getBytes(StandardCharsets.US_ASCII);

  /**
   * @param mount    the freezer hierarchy to use
   * @param proc     the proc file system ({@code /proc})
   * @param pidOf    a container's first process id on the host, 0 when not running (the engine's inspect)
   * @param fallback freezes containers whose cgroup is not found or not writable
   * @param nanoTime monotonic ticker for the freeze deadline
   */
  CgroupFreezer(Mount mount, Path proc, ToLongFunction<String> pidOf, Freezer fallback, LongSupplier nanoTime,
      Duration timeout) {
    this.mount = mount;
    this.proc = proc;
    this.pidOf = pidOf;
    this.fallback = fallback;
    this.nanoTime = nanoTime;
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void freeze(String containerId) {
    Path dir = locate(containerId);
    if (dir == null) {
      fallBack(containerId, "its cgroup was not found under " + mount.mountPoint());
      fallback.freeze(containerId);
      return;
    }
    try {
      Path control = dir.resolve(mount.version() == Version.V1 ? "freezer.state" : "cgroup.freeze");
      FileChannel thawWith = FileChannel.open(control, StandardOpenOption.WRITE);
      boolean frozen = false;
      try {
        if (mount.version() == Version.V1) {
          freezeV1(containerId, control);
        } else {
          freezeV2(containerId, dir);
        }
        frozen = true;
      } finally {
        FileChannel earlier = frozen ? thawChannels.put(containerId, thawWith) : null;
        closeQuietly(frozen ? earlier : thawWith);
      }
    } catch (NoSuchFileException e) {
      throw gone(containerId, e);
    } catch (FileSystemException e) {
      fallBack(containerId, "its cgroup is not writable (" + e.getReason() + ")");
      fallback.freeze(containerId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot freeze container " + containerId + " through " + dir, e);
    }
  }

  /**
   * Thaws through the control file the freeze left open, when there is one: no path lookup, no
   * open on the call path, one write. Else (a container frozen by an earlier process, or not
   * through this freezer) as {@link #thawByPath}.
   */
  @Override
  public void thaw(String containerId) {
    FileChannel ch = thawChannels.remove(containerId);
    if (ch == null) {
      thawByPath(containerId);
      return;
    }
    try {
      ch.write(ByteBuffer.wrap(mount.version() == Version.V1 ? THAWED : ZERO), 0);
    } catch (IOException e) {
      // the cgroup was removed (the container is gone: ENODEV), or the file went away; decide as a fresh thaw would
      thawByPath(containerId);
    } finally {
      closeQuietly(ch);
    }
  }

  /** Finds the container's cgroup and writes THAWED (v1) or 0 (v2) to it. */
  void thawByPath(String containerId) {
    Path dir = locate(containerId);
    if (dir == null) {
      fallback.thaw(containerId);
      return;
    }
    try {
      if (mount.version() == Version.V1) {
        write(dir.resolve("freezer.state"), "THAWED");
      } else {
        write(dir.resolve("cgroup.freeze"), "0");
      }
    } catch (NoSuchFileException e) {
      throw gone(containerId, e);
    } catch (FileSystemException e) {
      fallback.thaw(containerId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot thaw container " + containerId + " through " + dir, e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException e) {
      LOG.debug("closing a freezer control file: {}", e.toString());
    }
  }

  private void freezeV1(String id, Path state) throws IOException {
    long deadline = nanoTime.getAsLong() + timeoutNanos;
    for (int attempt = 0; ; attempt++) {
      write(state, "FROZEN"); // writing it again is harmless, and retries tasks that slipped through
      String now = read(state);
      if (now.equals("FROZEN")) {
        return;
      }
      if (nanoTime.getAsLong() - deadline > 0) {
        write(state, "THAWED");
        throw stuck(id, "freezer.state still says " + now);
      }
      pause(attempt);
    }
  }

  private void freezeV2(String id, Path dir) throws IOException {
    long deadline = nanoTime.getAsLong() + timeoutNanos;
    write(dir.resolve("cgroup.freeze"), "1");
    Path events = dir.resolve("cgroup.events");
    for (int attempt = 0; ; attempt++) {
      String now = read(events);
      if (now.contains("frozen 1")) {
        return;
      }
      if (nanoTime.getAsLong() - deadline > 0) {
        write(dir.resolve("cgroup.freeze"), "0");
        throw stuck(id, "cgroup.events says '" + now.replace('\n', ' ').strip() + "'");
      }
      pause(attempt);
    }
  }

  /** Spins for the first few polls, then parks for 10 us doubling up to 1 ms. */
  private static void pause(int attempt) {
    if (attempt < SPINS) {
      Thread.onSpinWait();
    } else {
      LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, 10_000L << Math.min(attempt - SPINS, 10)));
    }
  }

  /** The container's cgroup directory, or null when not found. */
  Path locate(String id) {
    Template t = learned;
    if (t != null) {
      Path dir = mount.dirOf(t.pathOf(id));
      if (dir != null && Files.isDirectory(dir)) {
        return dir;
      }
    }
    long pid = pidOf.applyAsLong(id);
    if (pid > 0) {
      String content = readOrNull(proc.resolve(Long.toString(pid)).resolve("cgroup"));
      String path = content == null ? null : FreezerCgroups.cgroupPath(content, mount.version());
      Path dir = path == null ? null : mount.dirOf(path);
      if (dir != null && Files.isDirectory(dir)) {
        Template learnt = Template.learn(path, id);
        if (learnt != null && !learnt.equals(t)) {
          learned = learnt;
          LOG.info("container cgroups are at {}{}", mount.mountPoint(), learnt.pathOf("<id>"));
        }
        return dir;
      }
    }
    for (Template w : FreezerCgroups.wellKnown()) {
      Path dir = mount.dirOf(w.pathOf(id));
      if (dir != null && Files.isDirectory(dir)) {
        return dir;
      }
    }
    return null;
  }

  private void fallBack(String id, String why) {
    if (warnedFallback.compareAndSet(false, true)) {
      LOG.warn("freezing container {} through the engine instead of the cgroup freezer: {} "
          + "(said once; others that fall back are not logged)", id, why);
    }
  }

  private DriverException stuck(String id, String state) {
    return new DriverException(Kind.FAILED, "container " + id + " did not freeze within "
        + Duration.ofNanos(timeoutNanos).toMillis() + " ms (" + state + "; a process in uninterruptible "
        + "sleep holds the freeze back); it was thawed again and keeps running");
  }

  private static DriverException gone(String id, NoSuchFileException e) {
    return new DriverException(Kind.NO_SUCH_CONTAINER, "container " + id + " is gone: its cgroup "
        + e.getFile() + " no longer exists", e);
  }

  private static void write(Path file, String value) throws IOException {
    Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
  }

  private static String readOrNull(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return null; // the process is gone
    }
  }

  @Override
  public String toString() {
    return "the cgroup " + mount.version() + " freezer at " + mount.mountPoint();
  }
}
