package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FixedKeepAliveTest {
  Instant now = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void everyFunctionGetsTheSameWindowWhateverItsIdleTimeout() {
    FixedKeepAlive policy = FixedKeepAlive.tenMinutes();
    assertThat(policy.keepAlive(NodePoolTest.slot("a", 128, 5), now)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.keepAlive(NodePoolTest.slot("b", 512, 3600), now)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.prewarmAt(NodePoolTest.slot("a", 128, 5), now)).isEmpty();
  }

  @Test
  void aPoolWithItExpiresIdleContainersAfterTheWindow() {
    NodePool p = new NodePool(new PoolConfig(new Resources(1024 * NodePoolTest.MB, 0), FreezePolicy.never(),
        Duration.ofSeconds(10), false), new LruEviction(), FixedKeepAlive.tenMinutes());
    SlotKey a = NodePoolTest.slot("a", 128, 5); // its own idle_timeout (5 s) is ignored
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.ready(c, now);
    p.finished(c, true, now);
    assertThat(p.exactDeadline()).contains(now.plus(Duration.ofMinutes(10)));
    assertThat(p.tick(now.plus(Duration.ofMinutes(10)).minusMillis(1))).isEmpty();
    assertThat(p.tick(now.plus(Duration.ofMinutes(10)))).containsExactly(new Action.Retire(c, Action.RetireReason.EXPIRED));
  }

  @Test
  void aNegativeWindowIsRefused() {
    assertThatThrownBy(() -> new FixedKeepAlive(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
