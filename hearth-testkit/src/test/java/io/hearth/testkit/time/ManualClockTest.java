package io.hearth.testkit.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  final ManualClock clock = new ManualClock();

  @Test
  void tasksRunWhenDueInTheirOrderAtTheirOwnTime() {
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(3), () -> ran.add("3s at " + clock.nanoTime()));
    clock.schedule(Duration.ofSeconds(1), () -> {
      ran.add("1s at " + clock.nanoTime());
      clock.schedule(Duration.ofSeconds(1), () -> ran.add("2s at " + clock.nanoTime()));
    });
    clock.advance(Duration.ofMillis(999));
    assertThat(ran).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    assertThat(ran).containsExactly("1s at 1000000000", "2s at 2000000000");
    assertThat(clock.nanoTime()).isEqualTo(2_999_000_000L);
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusMillis(2999));
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofMillis(1));
  }

  @Test
  void aCancelledTaskNeverRuns() {
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("kept"));
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled")).cancel();
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("kept");
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aSleeperWakesOnlyOnceTimeHasPassedItsEnd() throws Exception {
    CompletableFuture<Long> woke = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        clock.sleep(Duration.ofSeconds(30));
        woke.complete(clock.nanoTime());
      } catch (InterruptedException e) {
        woke.completeExceptionally(e);
      }
    });
    clock.awaitPending(1, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(29));
    assertThat(woke).isNotDone();
    clock.advance(Duration.ofSeconds(1));
    assertThat(woke.get(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofSeconds(30).toNanos());
  }
}
