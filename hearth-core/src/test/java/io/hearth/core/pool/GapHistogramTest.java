package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Windows and expected waits from known gaps. */
class GapHistogramTest {
  static final long SECOND = 1000;
  static final long MINUTE = 60 * SECOND;
  /** Keeping 1 GB for 15 minutes is worth one cold start, in MB·ms per MB of container. */
  static final double PRICE = 1024.0 * 15 * MINUTE;

  static GapHistogram gaps(long gapMs, int n) {
    GapHistogram h = new GapHistogram();
    for (int i = 0; i < n; i++) {
      h.add(gapMs);
    }
    return h;
  }

  @Test
  void binsAreSecondsUpToTenSecondsThenWidenToMinutesUpToFourHours() {
    assertThat(GapHistogram.EDGES[0]).isEqualTo(SECOND);
    assertThat(GapHistogram.EDGES[9]).isEqualTo(10 * SECOND);
    assertThat(GapHistogram.EDGES[14]).isEqualTo(MINUTE);
    assertThat(GapHistogram.EDGES[15]).isEqualTo(2 * MINUTE);
    assertThat(GapHistogram.RANGE_MS).isEqualTo(240 * MINUTE);
  }

  @Test
  void aTimerIsDroppedAtOnceAndStartedAheadOfItsNextCall() {
    GapHistogram h = gaps(10 * MINUTE - 20 * SECOND, 20); // every 10 minutes, calls of 20 s: bin (9 min, 10 min]
    GapHistogram.Window w = h.best(256, PRICE, true, 0.10);
    assertThat(w.launchMs()).isEqualTo(Math.round(9 * MINUTE * 0.9)); // 10% ahead of the bin's lower edge
    assertThat(w.endMs()).isGreaterThanOrEqualTo(10 * MINUTE);
  }

  @Test
  void withoutPrewarmingTheTimerIsKeptOverItsGap() {
    GapHistogram.Window w = gaps(10 * MINUTE - 20 * SECOND, 20).best(256, PRICE, false, 0.10);
    assertThat(w.launchMs()).isZero();
    assertThat(w.endMs()).isGreaterThanOrEqualTo(10 * MINUTE);
  }

  @Test
  void shortGapsAreCoveredWithRoomForTheNextLongestOne() {
    GapHistogram h = gaps(8 * SECOND, 50);
    GapHistogram.Window w = h.best(1024, PRICE, true, 0.10);
    assertThat(w.launchMs()).isZero();
    // The window covers the gaps seen and the one extra gap twice the longest (16 s): cheap to cover.
    assertThat(w.endMs()).isEqualTo(20 * SECOND);
  }

  @Test
  void gapsCostlierToCoverThanTheyAreWorthAreNotCovered() {
    // A 1.5 GB container idle 3 hours between calls: 4.5 GB·h kept per cold start saved, the price is 0.25 GB·h.
    GapHistogram.Window w = gaps(180 * MINUTE, 20).best(1536, PRICE, false, 0.10);
    assertThat(w.endMs()).isZero();
    // A cheap container called every 5 minutes is kept over them.
    assertThat(gaps(5 * MINUTE, 20).best(128, PRICE, false, 0.10).endMs()).isGreaterThanOrEqualTo(5 * MINUTE);
  }

  @Test
  void gapsOutOfRangeAreNeverCovered() {
    GapHistogram h = gaps(5 * GapHistogram.RANGE_MS, 10);
    assertThat(h.samples()).isEqualTo(10);
    assertThat(h.best(128, PRICE, true, 0.10).endMs()).isZero();
  }

  @Test
  void theExpectedWaitShrinksAsTheGapRunsAndIsZeroWithoutGaps() {
    assertThat(new GapHistogram().residual(0)).isZero();
    GapHistogram h = new GapHistogram();
    for (int i = 0; i < 10; i++) {
      h.add(30 * MINUTE + 30 * SECOND); // bin (30 min, 31 min], midpoint 30.5 min
    }
    // Ten gaps at 30.5 min and the extra one at twice the longest (62 min, bin midpoint 61.5 min).
    double mean = (10 * 30.5 + 61.5) / 11 * MINUTE;
    assertThat(h.residual(0)).isEqualTo(Math.round(mean));
    assertThat(h.residual(10 * MINUTE)).isEqualTo(Math.round(mean - 10 * MINUTE));
    assertThat(h.residual(45 * MINUTE)).isEqualTo(Math.round(61.5 * MINUTE - 45 * MINUTE)); // only the extra one is left
  }
}
