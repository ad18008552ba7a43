package io.hearth.server.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollPaceTest {
  private final PollPace pace = new PollPace(Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void emptyPollsDoubleTheWaitUpToTheIdlePace() {
    Duration wait = Duration.ofMillis(100);
    StringBuilder waits = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      wait = pace.next(wait, false);
      waits.append(wait.toMillis()).append(' ');
    }
    assertThat(waits.toString().trim()).isEqualTo("200 400 800 1000 1000 1000");
  }

  @Test
  void aPollThatClaimsReturnsToTheBusyPace() {
    assertThat(pace.next(Duration.ofSeconds(1), true)).isEqualTo(Duration.ofMillis(100));
    assertThat(pace.next(Duration.ofMillis(10), false)).as("never below the busy pace").isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void anIdlePaceShorterThanTheBusyOneIsRefused() {
    assertThatThrownBy(() -> new PollPace(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
