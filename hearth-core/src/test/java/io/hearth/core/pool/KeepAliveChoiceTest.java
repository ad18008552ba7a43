package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeepAliveChoiceTest {
  @Test
  void eachNameGivesItsPolicies() {
    Instant t = Instant.parse("2026-11-22T10:00:00Z");
    var slot = NodePoolTest.slot("a", 128, 42);
    assertThat(KeepAliveChoice.of("per-function").keepAlive().keepAlive(slot, t)).isEqualTo(Duration.ofSeconds(42));
    assertThat(KeepAliveChoice.of("fixed").keepAlive()).isEqualTo(FixedKeepAlive.tenMinutes());
    assertThat(KeepAliveChoice.of("fixed").eviction()).isInstanceOf(LruEviction.class);
    assertThat(KeepAliveChoice.of("histogram").keepAlive()).isInstanceOf(HybridHistogramPolicy.class);
    KeepAliveChoice gd = KeepAliveChoice.of(" Greedy-Dual ");
    assertThat(gd.name()).isEqualTo("greedy-dual");
    assertThat(gd.eviction()).isInstanceOf(GreedyDualPolicy.class);
    assertThat(gd.keepAlive().keepAlive(slot, t)).isEqualTo(KeepAliveChoice.GREEDY_DUAL_MAX_IDLE);
    for (String name : KeepAliveChoice.NAMES) {
      assertThat(KeepAliveChoice.of(name).name()).isEqualTo(name);
    }
  }

  @Test
  void learningPoliciesAreNeverShared() {
    assertThat(KeepAliveChoice.of("histogram").keepAlive()).isNotSameAs(KeepAliveChoice.of("histogram").keepAlive());
    assertThat(KeepAliveChoice.of("greedy-dual").eviction()).isNotSameAs(KeepAliveChoice.of("greedy-dual").eviction());
  }

  @Test
  void anUnknownNameSaysWhichAreKnown() {
    assertThatThrownBy(() -> KeepAliveChoice.of("lru"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'lru'")
        .hasMessageContaining("per-function, fixed, histogram, greedy-dual");
  }
}
