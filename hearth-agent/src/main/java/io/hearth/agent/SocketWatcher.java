package io.hearth.agent;

import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import io.hearth.core.time.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for functions' listener sockets to appear. One inotify watch service serves every socket
 * directory of the node; a directory is registered before its container starts, so no creation is
 * missed, and each waiter is woken by the events of its own directory.
 *
 * <p>Threads: one virtual thread takes events and releases the waiters' semaphores; the map of
 * registrations is concurrent. Each {@link Registration} is used by the one thread that starts the
 * container.
 */
final class SocketWatcher implements AutoCloseable {
  /** Re-check this often even without an event, in case the kernel's event queue overflowed. */
  private static final Duration RECHECK = Duration.ofMillis(250);

  private final WatchService service;
  private final Map<WatchKey, Registration> byKey = new ConcurrentHashMap<>();
  private final Thread loop;
  private final Clock clock;
  private final Scheduler scheduler;

  /** Time comes from {@code clock}; {@code scheduler} wakes a waiter when its time is up. */
  SocketWatcher(Clock clock, Scheduler scheduler) throws IOException {
    this.clock = clock;
    this.scheduler = scheduler;
    this.service = FileSystems.getDefault().newWatchService();
    this.loop = Thread.ofVirtual().name("hearth-socket-watcher").start(this::run);
  }

  /** Starts watching {@code dir}; call before the container that creates the socket starts. */
  Registration register(Path dir) throws IOException {
    WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    Registration r = new Registration(dir, key);
    byKey.put(key, r);
    return r;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        key.pollEvents(); // the waiter re-reads the directory; the events themselves are not needed
        Registration r = byKey.get(key);
        if (r != null) {
          r.signal.release();
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    service.close();
    loop.interrupt();
  }

  /** One socket directory being watched. */
  final class Registration implements AutoCloseable {
    private final Path dir;
    private final WatchKey key;
    private final Semaphore signal = new Semaphore(0);

    private Registration(Path dir, WatchKey key) {
      this.dir = dir;
      this.key = key;
    }

    /**
     * Waits until the listener is ready or invalid, the timeout passes, or {@code gaveUp} says the
     * container is gone.
     *
     * @return the last check: Ready, Invalid, or NotYet when time ran out or the container stopped
     */
    SocketRules.Check await(Duration timeout, BooleanSupplier gaveUp) throws InterruptedException {
      long deadline = Durations.deadline(clock.nanoTime(), timeout);
      Scheduler.Scheduled timeUp = scheduler.schedule(timeout, this::wake);
      try {
        while (true) {
          SocketRules.Check check = SocketRules.check(dir);
          if (!(check instanceof SocketRules.Check.NotYet)) {
            return check;
          }
          if (deadline - clock.nanoTime() <= 0 || gaveUp.getAsBoolean()) {
            return check;
          }
          signal.tryAcquire(RECHECK.toNanos(), TimeUnit.NANOSECONDS); // woken by an event, the time, or an exit
          signal.drainPermits();
        }
      } finally {
        timeUp.cancel();
      }
    }

    /** Wakes the waiter at once (the container stopped). */
    void wake() {
      signal.release();
    }

    @Override
    public void close() {
      key.cancel();
      byKey.remove(key);
    }
  }
}
