package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Windows per rank learned from how many calls run, on a manual clock. */
class AdaptiveKeepAliveTest {
  final SlotKey a = NodePoolTest.slot("a", 256, 30);
  Instant now = Instant.parse("2026-11-22T10:00:00Z");
  final AdaptiveKeepAlive policy = new AdaptiveKeepAlive();

  void running(int n) {
    policy.onRunning(a, n, now);
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Test
  void untilARankHasFiveGapsItIsKeptTenMinutes() {
    assertThat(policy.keepAlive(a, now, 1)).isEqualTo(Duration.ofMinutes(10));
    for (int i = 0; i < 4; i++) {
      running(1);
      advance(Duration.ofSeconds(1));
      running(0);
      advance(Duration.ofMinutes(10));
    }
    running(1);
    assertThat(policy.keepAlive(a, now, 1)).isEqualTo(Duration.ofMinutes(10)); // four gaps
    assertThat(policy.prewarmAt(a, now, 1)).isEmpty();
  }

  @Test
  void rankOnesGapRunsFromTheEndOfACallToTheStartOfTheNext() {
    // Calls of 50 s, the next one 55 s after the start of the last: the container idles 5 s each time.
    for (int i = 0; i < 30; i++) {
      running(1);
      advance(Duration.ofSeconds(50));
      running(0);
      advance(Duration.ofSeconds(5));
    }
    // Covered: the gaps (bin 4–5 s) and one twice as long (bin 9–10 s); not the 55 s between arrivals.
    assertThat(policy.keepAlive(a, now, 1)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aTimerUnloadsItsOnlyContainerAndPrewarmsItButNeverItsExtraOnes() {
    // Every 10 minutes two calls of 20 s at once.
    for (int i = 0; i < 10; i++) {
      running(1);
      running(2);
      advance(Duration.ofSeconds(20));
      running(1);
      running(0);
      advance(Duration.ofMinutes(10).minusSeconds(20));
    }
    Instant idle = now.minus(Duration.ofMinutes(10).minusSeconds(20));
    assertThat(policy.keepAlive(a, idle, 1)).isZero();
    assertThat(policy.prewarmAt(a, idle, 1)).contains(idle.plusMillis(Math.round(9 * 60_000 * 0.9)));
    assertThat(policy.keepAlivePrewarmed(a, idle)).isPositive();
    // Rank 2 idles as long, but is kept rather than unloaded, and nothing is planned for it.
    assertThat(policy.keepAlive(a, idle, 2)).isGreaterThanOrEqualTo(Duration.ofMinutes(10).minusSeconds(20));
    assertThat(policy.prewarmAt(a, idle, 2)).isEqualTo(Optional.empty());
  }

  @Test
  void aBusySlotsExtraContainersHaveTheirOwnShorterOrLongerWindows() {
    // One call always runs; a second one 10 s in every 20 minutes.
    running(1);
    for (int i = 0; i < 20; i++) {
      advance(Duration.ofMinutes(20));
      running(2);
      advance(Duration.ofSeconds(10));
      running(1);
    }
    // Rank 1 never idled: it keeps the fallback. Rank 2 idles 20 minutes between its calls: a 256 MB
    // container kept 20 minutes costs 5 GB·min, under the 15 GB·min a cold start is worth.
    assertThat(policy.keepAlive(a, now, 1)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.keepAlive(a, now, 2)).isGreaterThan(Duration.ofMinutes(20));
    assertThat(policy.keepAlive(a, now, 3)).isEqualTo(Duration.ofMinutes(10)); // never reached
  }

  @Test
  void aLargeContainerIdleForHoursIsNotKept() {
    SlotKey big = NodePoolTest.slot("big", 1536, 30);
    for (int i = 0; i < 10; i++) {
      policy.onRunning(big, 1, now);
      advance(Duration.ofSeconds(1));
      policy.onRunning(big, 0, now);
      advance(Duration.ofHours(3));
    }
    assertThat(policy.keepAlive(big, now, 1)).isZero();
    assertThat(policy.prewarmAt(big, now, 1)).isEmpty();
  }

  @Test
  void theExpectedWaitFollowsTheRanksGapsOrHowLongTheContainerIdled() {
    assertThat(policy.expectedWaitMs(a, 1, 42_000)).isEqualTo(42_000); // nothing learned: as long as it idled
    for (int i = 0; i < 20; i++) {
      running(1);
      advance(Duration.ofSeconds(1));
      running(0);
      advance(Duration.ofMinutes(30).plusSeconds(30));
    }
    assertThat(policy.expectedWaitMs(a, 1, 0)).isBetween(30 * 60_000L, 33 * 60_000L);
    assertThat(policy.expectedWaitMs(a, 1, 20 * 60_000)).isBetween(10 * 60_000L, 13 * 60_000L);
  }
}
