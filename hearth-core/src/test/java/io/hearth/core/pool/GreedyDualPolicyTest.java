package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreedyDualPolicyTest {
  static final long MB = NodePoolTest.MB;
  Instant now = Instant.parse("2026-11-22T10:00:00Z");
  long nextId = 100;

  EvictionPolicy.IdleContainer idle(SlotKey slot, Duration startup) {
    return new EvictionPolicy.IdleContainer(nextId++, new Resources(slot.memoryMb() * MB, 0), now, 1, slot, startup, 1);
  }

  static void calls(GreedyDualPolicy policy, EvictionPolicy.IdleContainer c, int n, Instant at) {
    for (int i = 0; i < n; i++) {
      policy.onAssign(c.id(), c.slot(), at);
    }
  }

  static Resources mb(long n) {
    return new Resources(n * MB, 0);
  }

  @Test
  void lowestFrequencyTimesCostPerMegabyteGoesFirst() {
    GreedyDualPolicy policy = new GreedyDualPolicy();
    var a = idle(NodePoolTest.slot("a", 100, 30), Duration.ofSeconds(1)); // 10 x 1 s / 100 MB = 0.1
    var b = idle(NodePoolTest.slot("b", 100, 30), Duration.ofSeconds(2)); //  1 x 2 s / 100 MB = 0.02
    var c = idle(NodePoolTest.slot("c", 500, 30), Duration.ofSeconds(1)); //  5 x 1 s / 500 MB = 0.01
    calls(policy, a, 10, now);
    calls(policy, b, 1, now);
    calls(policy, c, 5, now);
    assertThat(policy.priority(a)).isEqualTo(0.1);
    assertThat(policy.priority(b)).isEqualTo(0.02);
    assertThat(policy.priority(c)).isEqualTo(0.01);
    assertThat(policy.choose(List.of(a, b, c), mb(100))).containsExactly(c);
    assertThat(policy.choose(List.of(a, b, c), mb(550))).containsExactly(c, b);
    assertThat(policy.choose(List.of(a, b, c), mb(601))).containsExactly(c, b, a);
  }

  @Test
  void theClockRisesToTheEvictedPriorityAndFavoursContainersUsedAfterwards() {
    GreedyDualPolicy policy = new GreedyDualPolicy();
    var old = idle(NodePoolTest.slot("old", 100, 30), Duration.ofSeconds(1));
    var victim = idle(NodePoolTest.slot("victim", 100, 30), Duration.ofSeconds(1));
    calls(policy, old, 3, now); // 0 + 3 x 1 / 100 = 0.03
    calls(policy, victim, 2, now); // 0.02
    assertThat(policy.choose(List.of(old, victim), mb(100))).containsExactly(victim);
    assertThat(policy.clock()).isEqualTo(0.02);

    var fresh = idle(NodePoolTest.slot("fresh", 100, 30), Duration.ofSeconds(1));
    calls(policy, fresh, 2, now.plusSeconds(1)); // called after the eviction: 0.02 + 0.02 = 0.04
    assertThat(policy.priority(fresh)).isEqualTo(0.04);
    assertThat(policy.choose(List.of(old, fresh), mb(100)))
        .as("fewer calls, but more recent than the last eviction").containsExactly(old);
    assertThat(policy.clock()).isEqualTo(0.03);
  }

  @Test
  void noChoiceWhenAllTogetherFreeTooLittleAndTheClockStays() {
    GreedyDualPolicy policy = new GreedyDualPolicy();
    var a = idle(NodePoolTest.slot("a", 100, 30), Duration.ofSeconds(1));
    calls(policy, a, 1, now);
    assertThat(policy.choose(List.of(a), mb(101))).isEmpty();
    assertThat(policy.clock()).isZero();
  }

  @Test
  void frequencyStartsAgainWhenTheFunctionsLastContainerIsGone() {
    GreedyDualPolicy policy = new GreedyDualPolicy();
    SlotKey s = NodePoolTest.slot("a", 100, 30);
    var one = idle(s, Duration.ofSeconds(1));
    var two = idle(s, Duration.ofSeconds(1));
    calls(policy, one, 4, now);
    calls(policy, two, 4, now);
    assertThat(policy.priority(two)).isEqualTo(0.08); // the function's 8 calls
    policy.onRelease(one.id(), s, 1);
    assertThat(policy.priority(two)).as("one container is left: kept").isEqualTo(0.08);
    policy.onRelease(two.id(), s, 0);
    var three = idle(s, Duration.ofSeconds(1));
    assertThat(policy.priority(three)).isZero();
  }

  @Test
  void aStartTooQuickToMeasureCostsTheConfiguredAmount() {
    GreedyDualPolicy policy = new GreedyDualPolicy(Duration.ofSeconds(3));
    var a = idle(NodePoolTest.slot("a", 100, 30), Duration.ZERO);
    calls(policy, a, 1, now);
    assertThat(policy.priority(a)).isEqualTo(0.03);
  }

  @Test
  void inThePoolItEvictsTheCheapestToRestartRatherThanTheLeastRecentlyUsed() {
    NodePool p = new NodePool(new PoolConfig(new Resources(256 * MB, 0), FreezePolicy.never(), Duration.ofSeconds(10),
        false), new GreedyDualPolicy(), new FixedKeepAlive(Duration.ofDays(7)));
    SlotKey slow = NodePoolTest.slot("slow", 128, 30);
    SlotKey quick = NodePoolTest.slot("quick", 128, 30);
    long cs = ((Action.Launch) p.submit(1, slow, now).getFirst()).container();
    p.ready(cs, now.plusSeconds(2)); // starts in 2 s
    p.finished(cs, true, now.plusSeconds(3));
    long cq = ((Action.Launch) p.submit(2, quick, now.plusSeconds(4)).getFirst()).container();
    p.ready(cq, now.plusMillis(4500)); // starts in 0.5 s, and is the most recently used
    p.finished(cq, true, now.plusSeconds(5));
    List<Action> actions = p.submit(3, NodePoolTest.slot("new", 128, 30), now.plusSeconds(6));
    assertThat(NodePoolTest.only(actions, Action.Retire.class))
        .containsExactly(new Action.Retire(cq, Action.RetireReason.EVICTED));
    p.checkInvariants();
  }
}
