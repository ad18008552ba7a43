package io.hearth.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Ticks on the scheduler hand the task to the worker; the next tick is armed when a run ends. */
class FixedDelayTest {
  private final ManualClock clock = new ManualClock();
  private final Queue<Runnable> handed = new ConcurrentLinkedQueue<>();
  private final AtomicInteger runs = new AtomicInteger();

  private FixedDelay every10sAfter30s() {
    return new FixedDelay(clock, handed::add, Duration.ofSeconds(30), Duration.ofSeconds(10), runs::incrementAndGet)
        .start();
  }

  @Test
  void aTickOnlyHandsTheTaskToTheWorker() {
    every10sAfter30s();
    clock.advance(Duration.ofSeconds(29));
    assertThat(handed).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(handed).hasSize(1);
    assertThat(runs).hasValue(0);
    assertThat(clock.pending()).isZero(); // no next tick while a run is outstanding
    handed.poll().run();
    assertThat(runs).hasValue(1);
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(10));
  }

  @Test
  void theDelayCountsFromTheEndOfTheLastRun() {
    every10sAfter30s();
    clock.advance(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(25)); // the worker is busy: no tick piles up
    assertThat(handed).hasSize(1);
    handed.poll().run();
    clock.advance(Duration.ofSeconds(9));
    assertThat(handed).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(handed).hasSize(1);
  }

  @Test
  void closingStopsTheTicks() {
    FixedDelay d = every10sAfter30s();
    clock.advance(Duration.ofSeconds(30));
    d.close();
    handed.poll().run(); // a run under way finishes, and arms nothing
    assertThat(runs).hasValue(1);
    assertThat(clock.pending()).isZero();
    clock.advance(Duration.ofMinutes(5));
    assertThat(handed).isEmpty();
  }

  @Test
  void aStoppedWorkerEndsTheTicks() {
    new FixedDelay(clock, r -> {
      throw new RejectedExecutionException("shut down");
    }, Duration.ofSeconds(1), Duration.ofSeconds(1), runs::incrementAndGet).start();
    clock.advance(Duration.ofMinutes(1));
    assertThat(runs).hasValue(0);
    assertThat(clock.pending()).isZero();
  }
}
