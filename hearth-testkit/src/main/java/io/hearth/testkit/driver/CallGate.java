package io.hearth.testkit.driver;

import io.hearth.fdk.FnCall;
import io.hearth.fdk.FnHandler;
import io.hearth.fdk.FnResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A function that holds every call until the test lets it go: {@link #awaitEntered} says a call is
 * inside the container (its container is busy), {@link #release} lets the held calls answer "done".
 *
 * <p>Threads: the FDK's connection threads enter; the test waits and releases.
 */
public final class CallGate implements FnHandler {
  private final Semaphore entered = new Semaphore(0);
  private final CountDownLatch open = new CountDownLatch(1);

  @Override
  public void handle(FnCall call, FnResponse response) throws Exception {
    entered.release();
    open.await();
    response.send("done");
  }

  /**
   * Waits (real time, up to {@code timeout}) until {@code calls} more calls have entered.
   *
   * @throws AssertionError when they did not
   */
  public void awaitEntered(int calls, Duration timeout) throws InterruptedException {
    if (!entered.tryAcquire(calls, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError("expected " + calls + " calls in the function within " + timeout);
    }
  }

  /** Lets every held call, and every later one, answer. */
  public void release() {
    open.countDown();
  }
}
