package io.hearth.testkit.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@link FakeContainerDriver}'s count of container starts, and tests waiting for it to reach
 * a number: how a test knows the agent's launch thread got that far.
 *
 * <p>Threads: any; this object's monitor guards the count and the watches.
 */
final class StartWatches {
  private record Watch(int count, CountDownLatch latch) {}

  private final List<Watch> watches = new ArrayList<>();
  private int starts;

  /** One more container started: the watches it satisfies are released. */
  synchronized void started() {
    starts++;
    watches.removeIf(w -> {
      if (starts < w.count()) {
        return false;
      }
      w.latch().countDown();
      return true;
    });
  }

  synchronized int count() {
    return starts;
  }

  /**
   * Waits (real time, up to {@code timeout}) until {@code count} containers have been started.
   *
   * @throws AssertionError when they were not
   */
  void await(int count, Duration timeout) throws InterruptedException {
    CountDownLatch enough = new CountDownLatch(1);
    synchronized (this) {
      if (starts >= count) {
        return;
      }
      watches.add(new Watch(count, enough));
    }
    if (!enough.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError("expected " + count + " container starts within " + timeout + ", saw " + count());
    }
  }
}
