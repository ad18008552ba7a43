package io.hearth.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The production scheduler: runs what is due, and after close accepts (and drops) work without failing. */
class TimerThreadTest {
  @Test
  void runsATaskThatIsDue() throws Exception {
    try (TimerThread timer = TimerThread.start("test-timer")) {
      CountDownLatch ran = new CountDownLatch(1);
      timer.schedule(Duration.ZERO, ran::countDown);
      assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue(); // a generous bound, not a speed test
    }
  }

  @Test
  void schedulingOnAClosedTimerIsHarmless() {
    TimerThread timer = TimerThread.start("test-timer");
    timer.close();
    // what a worker finishing its run after the node stopped its timer does
    assertThatCode(() -> timer.schedule(Duration.ofMillis(1), () -> {}).cancel()).doesNotThrowAnyException();
  }
}
