package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The windows follow from known gaps; all on virtual time. */
class HybridHistogramPolicyTest {
  static final Duration FOUR_HOURS = Duration.ofHours(4);
  final SlotKey a = NodePoolTest.slot("a", 128, 30);
  Instant now = Instant.parse("2026-11-22T10:00:00Z");

  /** Calls {@code slot} once, then after each gap in turn. */
  void callWithGaps(HybridHistogramPolicy policy, SlotKey slot, List<Duration> gaps) {
    policy.onCall(slot, now);
    for (Duration gap : gaps) {
      now = now.plus(gap);
      policy.onCall(slot, now);
    }
  }

  static List<Duration> times(int n, Duration gap) {
    return java.util.Collections.nCopies(n, gap);
  }

  @Test
  void aTimerEveryTenMinutesIsUnloadedAtOnceAndPrewarmedAtNineMinutes() {
    HybridHistogramPolicy policy = new HybridHistogramPolicy();
    callWithGaps(policy, a, times(5, Duration.ofMinutes(10)));
    // All gaps fall in the bin [10 min, 11 min): head 10 min, tail 11 min, 10% margin each way.
    assertThat(policy.windows("a")).isEqualTo(
        new HybridHistogramPolicy.Windows(Duration.ofMinutes(9), Duration.ofSeconds(726), true));
    assertThat(policy.keepAlive(a, now)).isZero();
    assertThat(policy.prewarmAt(a, now)).contains(now.plus(Duration.ofMinutes(9)));
    assertThat(policy.keepAlivePrewarmed(a, now)).isEqualTo(Duration.ofSeconds(726 - 540));
  }

  @Test
  void headAndTailArePercentilesOfTheGaps() {
    HybridHistogramPolicy policy = new HybridHistogramPolicy();
    List<Duration> gaps = new java.util.ArrayList<>(times(19, Duration.ofSeconds(200))); // bin 3
    gaps.add(Duration.ofSeconds(30 * 60 + 5)); // bin 30: the 99th percentile of 20 gaps is the largest
    callWithGaps(policy, a, gaps);
    HybridHistogramPolicy.Windows w = policy.windows("a");
    assertThat(w.representative()).isTrue();
    assertThat(w.prewarm()).isEqualTo(Duration.ofSeconds(162)); // 3 min x 0.9
    assertThat(w.keepAliveEnd()).isEqualTo(Duration.ofSeconds(2046)); // 31 min x 1.1
  }

  @Test
  void gapsUnderOneMinuteMeanNoPrewarmAndAKeepAliveOfTheTail() {
    HybridHistogramPolicy policy = new HybridHistogramPolicy();
    callWithGaps(policy, a, times(10, Duration.ofSeconds(20)));
    assertThat(policy.prewarmAt(a, now)).isEmpty();
    assertThat(policy.keepAlive(a, now)).isEqualTo(Duration.ofSeconds(66)); // tail 1 min x 1.1
  }

  @Test
  void tooFewGapsFallBackToTheFixedWindow() {
    HybridHistogramPolicy policy = new HybridHistogramPolicy();
    assertThat(policy.keepAlive(a, now)).as("never called").isEqualTo(FOUR_HOURS);
    callWithGaps(policy, a, times(4, Duration.ofMinutes(10)));
    assertThat(policy.windows("a").representative()).isFalse();
    assertThat(policy.keepAlive(a, now)).isEqualTo(FOUR_HOURS);
    assertThat(policy.prewarmAt(a, now)).isEmpty();
    now = now.plus(Duration.ofMinutes(10));
    policy.onCall(a, now); // the fifth gap makes it representative
    assertThat(policy.windows("a").representative()).isTrue();
  }

  @Test
  void gapsSpreadEvenlyOverManyBinsAreNotRepresentative() {
    // Spread evenly over k of 240 bins, the bin counts' coefficient of variation is sqrt(240 / k - 1):
    // 60 bins give 1.73 (below 2: fall back), 40 bins give 2.24 (representative).
    HybridHistogramPolicy spread = new HybridHistogramPolicy();
    callWithGaps(spread, a, minutesEach(60));
    assertThat(spread.windows("a").representative()).isFalse();
    assertThat(spread.keepAlive(a, now)).isEqualTo(FOUR_HOURS);

    HybridHistogramPolicy narrower = new HybridHistogramPolicy();
    callWithGaps(narrower, a, minutesEach(40));
    HybridHistogramPolicy.Windows w = narrower.windows("a");
    assertThat(w.representative()).isTrue();
    // The 5th percentile of 40 gaps is the 2nd smallest, in bin 2: head 2 min, x 0.9.
    assertThat(w.prewarm()).isEqualTo(Duration.ofSeconds(108));
    assertThat(w.keepAliveEnd()).isEqualTo(Duration.ofSeconds(41 * 66)); // tail bin 40, upper edge 41 min, x 1.1
  }

  /** One gap in each of the bins 1..k, at the middle of the bin. */
  static List<Duration> minutesEach(int k) {
    List<Duration> gaps = new java.util.ArrayList<>();
    for (int m = 1; m <= k; m++) {
      gaps.add(Duration.ofMinutes(m).plusSeconds(30));
    }
    return gaps;
  }

  @Test
  void mostlyOutOfBoundsGapsFallBackToTheFixedWindow() {
    // The paper forecasts such functions with a time series model; this policy keeps the fixed window.
    HybridHistogramPolicy policy = new HybridHistogramPolicy();
    callWithGaps(policy, a, times(6, Duration.ofHours(5)));
    assertThat(policy.windows("a").representative()).isFalse();
    assertThat(policy.keepAlive(a, now)).isEqualTo(FOUR_HOURS);
  }

  @Test
  void functionsLearnSeparately() {
    HybridHistogramPolicy policy = new HybridHistogramPolicy();
    SlotKey b = NodePoolTest.slot("b", 128, 30);
    callWithGaps(policy, a, times(5, Duration.ofMinutes(10)));
    assertThat(policy.windows("a").representative()).isTrue();
    assertThat(policy.windows("b").representative()).isFalse();
    assertThat(policy.keepAlive(b, now)).isEqualTo(FOUR_HOURS);
  }

  @Test
  void thePoolUnloadsAfterTheCallAndPrewarmsBeforeTheNextOne() {
    HybridHistogramPolicy policy = new HybridHistogramPolicy();
    NodePool p = new NodePool(new PoolConfig(new Resources(1024 * NodePoolTest.MB, 0), FreezePolicy.never(),
        Duration.ofSeconds(10), false), new LruEviction(), policy);
    Duration start = Duration.ofSeconds(1);
    Duration run = Duration.ofSeconds(2);
    long call = 1;
    int cold = 0;
    int prewarmLaunches = 0;
    Instant t = now;
    for (int period = 0; period < 12; period++, t = now.plus(Duration.ofMinutes(10).multipliedBy(period))) {
      List<Action> submitted = p.submit(call++, a, t);
      long container;
      if (submitted.getFirst() instanceof Action.Launch l) {
        cold++;
        container = l.container();
        assertThat(p.ready(container, t.plus(start))).singleElement().isInstanceOf(Action.Assign.class);
      } else {
        container = ((Action.Assign) submitted.getFirst()).container();
      }
      Instant end = t.plus(start).plus(run);
      p.finished(container, true, end);
      // Drive the pool's deadlines until the next call is due.
      Instant next = now.plus(Duration.ofMinutes(10).multipliedBy(period + 1));
      for (var d = p.nextDeadline(); d.isPresent() && d.get().isBefore(next); d = p.nextDeadline()) {
        for (Action action : p.tick(d.get())) {
          if (action instanceof Action.Launch l) {
            prewarmLaunches++;
            assertThat(d.get()).isEqualTo(end.plus(Duration.ofMinutes(9))); // head 10 min (gap binned) x 0.9
            assertThat(p.ready(l.container(), d.get().plus(start))).isEmpty();
          }
        }
      }
    }
    // Gaps of exactly 10 min: the first five calls feed the histogram with the fallback (4 h) keeping
    // the one container warm; from the sixth call on, each container is unloaded when idle and a new
    // one is prewarmed 9 minutes later. No call ever waits for a start but the first.
    assertThat(cold).isEqualTo(1);
    assertThat(prewarmLaunches).isEqualTo(12 - 5);
    assertThat(p.snapshot().coldStarts()).isEqualTo(1);
    p.checkInvariants();
  }
}
