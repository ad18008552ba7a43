package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Timers on an injected scheduler: they fire once when due, and a disarmed one never fires. */
class WatchdogTest {
  private final ManualClock clock = new ManualClock();
  private final Watchdog watchdog = Watchdog.on(clock);
  private final AtomicInteger aborted = new AtomicInteger();

  @Test
  void aTimerFiresOnceWhenItsTimeoutPasses() {
    Watchdog.Timer timer = watchdog.arm(Duration.ofSeconds(5), aborted::incrementAndGet);
    clock.advance(Duration.ofMillis(4_999));
    assertThat(timer.fired()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(timer.fired()).isTrue();
    assertThat(aborted).hasValue(1);
    timer.close(); // after firing: harmless
    assertThat(timer.fired()).isTrue();
  }

  @Test
  void aDisarmedTimerNeverFiresAndLeavesTheScheduler() {
    Watchdog.Timer timer = watchdog.arm(Duration.ofSeconds(5), aborted::incrementAndGet);
    timer.close();
    assertThat(clock.pending()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(timer.fired()).isFalse();
    assertThat(aborted).hasValue(0);
  }

  @Test
  void noTimeoutArmsNothing() {
    watchdog.arm(Duration.ZERO, aborted::incrementAndGet);
    watchdog.arm(null, aborted::incrementAndGet);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void closingAWatchdogOnTheCallersSchedulerLeavesItRunning() {
    watchdog.close();
    watchdog.arm(Duration.ofSeconds(1), aborted::incrementAndGet);
    clock.advance(Duration.ofSeconds(1));
    assertThat(aborted).hasValue(1);
  }
}
