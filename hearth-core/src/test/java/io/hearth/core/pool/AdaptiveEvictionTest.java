package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evicts what is expected to hold the most memory-time before its next call. */
class AdaptiveEvictionTest {
  static final long MB = NodePoolTest.MB;
  final SlotKey busy = NodePoolTest.slot("busy", 256, 30);
  final SlotKey rare = NodePoolTest.slot("rare", 256, 30);
  Instant now = Instant.parse("2026-11-22T10:00:00Z");
  final AdaptiveKeepAlive learned = new AdaptiveKeepAlive();
  final AdaptiveEviction eviction = new AdaptiveEviction(learned);

  /** {@code slot} ran one call, then idled {@code gap}, {@code n} times, ending idle at {@code now}. */
  void history(SlotKey slot, Duration gap, int n) {
    Instant t = now.minus(gap.multipliedBy(n));
    for (int i = 0; i < n; i++) {
      learned.onRunning(slot, 1, t);
      learned.onRunning(slot, 0, t);
      t = t.plus(gap);
    }
  }

  static EvictionPolicy.IdleContainer idle(long id, SlotKey slot, Instant lastUsed, int rank) {
    return new EvictionPolicy.IdleContainer(id, new Resources(slot.memoryMb() * MB, 0), lastUsed, 3, slot,
        Duration.ofSeconds(1), rank);
  }

  @Test
  void theContainerNeededLatestGoesFirstEvenIfItWasUsedLast() {
    history(busy, Duration.ofSeconds(20), 30);
    history(rare, Duration.ofHours(2), 10);
    var soon = idle(1, busy, now.minusSeconds(15), 1); // idle 15 s, its calls come every 20 s
    var late = idle(2, rare, now.minusSeconds(1), 1); // idle 1 s, its calls come every 2 hours
    assertThat(eviction.choose(List.of(soon, late), new Resources(100 * MB, 0), now)).containsExactly(late);
  }

  @Test
  void sizeWeighs() {
    SlotKey big = NodePoolTest.slot("big", 1536, 30);
    history(big, Duration.ofMinutes(10), 20);
    history(rare, Duration.ofMinutes(30), 20);
    var large = idle(1, big, now, 1); // 1.5 GB × 10 min is more than 256 MB × 30 min
    var small = idle(2, rare, now, 1);
    assertThat(eviction.choose(List.of(small, large), new Resources(100 * MB, 0), now)).containsExactly(large);
  }

  @Test
  void withoutHistoryTheLeastRecentlyUsedGoesFirst() {
    var older = idle(1, busy, now.minusSeconds(60), 1);
    var newer = idle(2, rare, now.minusSeconds(5), 1);
    assertThat(eviction.choose(List.of(newer, older), new Resources(100 * MB, 0), now)).containsExactly(older);
  }

  @Test
  void evictsAsFewAsFreeEnoughOrNoneWhenNoChoiceDoes() {
    var one = idle(1, busy, now.minusSeconds(60), 1);
    var two = idle(2, rare, now.minusSeconds(5), 1);
    assertThat(eviction.choose(List.of(one, two), new Resources(300 * MB, 0), now)).containsExactlyInAnyOrder(one, two);
    assertThat(eviction.choose(List.of(one, two), new Resources(600 * MB, 0), now)).isEmpty();
  }
}
