package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchEstimatesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void withoutBothEstimatesEveryWaitingCallLaunches() {
    LaunchEstimates<String> e = new LaunchEstimates<>(0.5);
    assertThat(e.coveredByBusy("f", List.of(T0), T0)).isZero();
    e.started("f", Duration.ofSeconds(2));
    assertThat(e.coveredByBusy("f", List.of(T0), T0)).as("no call measured yet").isZero();
    assertThat(e.recheckAt("f", List.of(T0), T0)).isEmpty();
  }

  @Test
  void averagesWeighTheNewestMeasure() {
    LaunchEstimates<String> e = new LaunchEstimates<>(0.5);
    e.started("f", Duration.ofMillis(1000));
    assertThat(e.startEstimate("f")).contains(Duration.ofMillis(1000)); // the first measure is the estimate
    e.started("f", Duration.ofMillis(2000));
    assertThat(e.startEstimate("f")).contains(Duration.ofMillis(1500));
    e.started("f", Duration.ofMillis(3500));
    assertThat(e.startEstimate("f")).contains(Duration.ofMillis(2500));
    assertThat(e.startEstimate("g")).isEmpty();
  }

  @Test
  void aBusyContainerDueSoonerThanAStartCoversTheCallsItCanRunBeforeAStart() {
    LaunchEstimates<String> e = new LaunchEstimates<>(1);
    e.started("f", Duration.ofSeconds(2));
    e.ran("f", Duration.ofMillis(500));
    Instant now = T0.plusMillis(100);
    // calls began at T0 and T0+50 ms: they end in 0.4 and 0.45 s, then each container can begin
    // calls at +0.9, +1.4 and +1.9 s (+0.95, +1.45, +1.95 s), all before a start's 2 s: 4 each
    assertThat(e.coveredByBusy("f", List.of(T0, T0.plusMillis(50)), now)).isEqualTo(8);
    assertThat(e.coveredByBusy("f", List.of(T0), T0.plusMillis(500).minusMillis(1)))
        .as("1 ms left: calls can begin at +1 ms, +501, +1001 and +1501 ms").isEqualTo(4);
    assertThat(e.coveredByBusy("f", List.of(T0), T0)).as("0.5 s left: +0.5, +1 and +1.5 s").isEqualTo(3);
    assertThat(e.recheckAt("f", List.of(T0, T0.plusMillis(50)), now)).contains(T0.plusMillis(500));
  }

  @Test
  void longCallsDoNotHoldAWaitingCallBack() {
    LaunchEstimates<String> e = new LaunchEstimates<>(1);
    e.started("f", Duration.ofSeconds(1));
    e.ran("f", Duration.ofSeconds(10));
    assertThat(e.coveredByBusy("f", List.of(T0), T0.plusSeconds(1))).as("9 s left, a start takes 1 s").isZero();
    assertThat(e.coveredByBusy("f", List.of(T0), T0.plusMillis(9500))).as("0.5 s left, the next ends after a start")
        .isEqualTo(1);
  }

  @Test
  void aContainerPastItsExpectedEndCountsForNothing() {
    LaunchEstimates<String> e = new LaunchEstimates<>(1);
    e.started("f", Duration.ofSeconds(2));
    e.ran("f", Duration.ofMillis(500));
    assertThat(e.coveredByBusy("f", List.of(T0), T0.plusMillis(500))).isZero();
    assertThat(e.recheckAt("f", List.of(T0), T0.plusSeconds(5))).isEmpty();
  }

  @Test
  void extremeTimesSaturateInsteadOfThrowing() {
    LaunchEstimates<String> e = new LaunchEstimates<>(0.2);
    e.started("f", Duration.ofSeconds(Long.MAX_VALUE));
    e.ran("f", Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(e.coveredByBusy("f", List.of(Instant.MIN, Instant.MAX), T0)).isBetween(0, 2);
    e.started("g", Duration.ofSeconds(2));
    e.ran("g", Duration.ZERO);
    assertThat(e.coveredByBusy("g", List.of(T0.minusNanos(1), T0.minusNanos(1)), T0.minusNanos(2)))
        .as("calls too short to measure: bounded, no overflow").isEqualTo(Integer.MAX_VALUE);
    e.forget("f");
    assertThat(e.startEstimate("f")).isEmpty();
    assertThatThrownBy(() -> new LaunchEstimates<String>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
