package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreezePolicyTest {
  private final Instant idleSince = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void aNegativeSettingMeansNeverAsFnsDoes() {
    assertThat(FreezePolicy.ofMillis(-1)).isEqualTo(FreezePolicy.never());
    assertThat(FreezePolicy.never().freezeAt(idleSince)).isEmpty();
  }

  @Test
  void otherwiseAContainerFreezesAfterTheGrace() {
    assertThat(FreezePolicy.ofMillis(50).freezeAt(idleSince)).contains(idleSince.plusMillis(50));
    assertThat(FreezePolicy.ofMillis(0).freezeAt(idleSince)).contains(idleSince);
  }

  @Test
  void aNegativeGraceIsRefusedByTheType() {
    assertThatThrownBy(() -> FreezePolicy.after(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never()");
  }

  @Test
  void aPoolThatNeverFreezesHasNoFreezeDeadline() {
    NodePool p = NodePoolTest.pool(1024, FreezePolicy.never(), Duration.ofSeconds(10), false);
    Instant now = idleSince;
    long c = ((Action.Launch) p.submit(1, NodePoolTest.slot("a", 128, 30), now).getFirst()).container();
    p.ready(c, now);
    p.finished(c, true, now);
    assertThat(p.exactDeadline()).as("only the keep-alive").contains(now.plusSeconds(30));
    assertThat(p.tick(now.plusSeconds(29))).isEmpty();
  }
}
