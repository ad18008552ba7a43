package io.hearth.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 14 item 2: deadlines from huge durations saturate instead of throwing or wrapping. */
class DurationsTest {

  @Test
  void hugeDurationsSaturate() {
    assertThat(Durations.nanos(Duration.ofMillis(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.nanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.nanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
    assertThat(Durations.nanos(Duration.ofMillis(-5))).isZero();
  }

  @Test
  void deadlinesNeverWrapIntoThePast() {
    long now = Long.MAX_VALUE - 10;
    assertThat(Durations.deadline(now, Duration.ofNanos(100))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.deadline(5, Duration.ofMillis(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.deadline(-100, Duration.ofNanos(40))).isEqualTo(-60);
    assertThat(Durations.saturatedAdd(Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
    assertThat(Durations.saturatedAdd(3, 4)).isEqualTo(7);
  }
}
