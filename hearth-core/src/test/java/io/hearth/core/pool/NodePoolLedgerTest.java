package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.ledger.Grant;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Reservation;
import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool as a client of a ledger it shares with other holders (an allocation stands in for a lease). */
class NodePoolLedgerTest {
  private static final long MB = NodePoolTest.MB;
  private final Instant now = Instant.parse("2026-11-22T10:00:00Z");
  private final Resources capacity = new Resources(512 * MB, 0);
  private final Ledger ledger = new Ledger(capacity);
  private final Holder lease = Holder.of(Holder.Kind.ALLOCATION, "lease-1");

  private NodePool pool(boolean nonBlocking) {
    return new NodePool(new PoolConfig(capacity, FreezePolicy.never(), Duration.ofSeconds(10), nonBlocking), ledger,
        new LruEviction(), KeepAlivePolicy.fixedPerFunction());
  }

  @Test
  void containersReserveInTheLedgerAndReleaseWhenTheyRetire() {
    NodePool p = pool(false);
    SlotKey a = NodePoolTest.slot("a", 128, 30);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    assertThat(ledger.used()).isEqualTo(new Resources(128 * MB, 0));
    assertThat(ledger.grants()).singleElement().satisfies(g -> {
      assertThat(g.holder().kind()).isEqualTo(Holder.Kind.FUNCTION_CONTAINER);
      assertThat(g.holder().id()).isEqualTo(Long.toString(c));
    });
    p.ready(c, now);
    assertThat(ledger.reclaimable(now)).as("busy").isEmpty();
    p.finished(c, true, now);
    assertThat(ledger.reclaimable(now)).as("idle: the pool may evict it").hasSize(1);
    p.checkInvariants();
    p.finished(c, false, now); // not busy: ignored
    p.submit(2, a, now);
    p.finished(c, false, now); // broken: retired
    assertThat(ledger.used()).isEqualTo(Resources.ZERO);
    assertThat(ledger.counts()).isEqualTo(new Ledger.Counts(1, 1));
    p.checkInvariants();
  }

  @Test
  void anotherHoldersGrantIsNeitherEvictedNorCountedAsFree() {
    NodePool p = pool(true);
    Grant held = ((Reservation.Granted) ledger.reserve(lease, new Resources(384 * MB, 0), now)).grant();
    held.reclaimable(true); // even when reclaimable: evicting it is not the pool's policy
    SlotKey a = NodePoolTest.slot("a", 128, 30);
    SlotKey b = NodePoolTest.slot("b", 128, 30);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.ready(c, now);
    p.finished(c, true, now);
    List<Action> second = p.submit(2, b, now);
    assertThat(second).as("the idle container of a is evicted for b, the lease is left alone")
        .containsExactly(new Action.Retire(c, Action.RetireReason.EVICTED), new Action.Launch(c + 1, b));
    assertThat(held.released()).isFalse();
    assertThat(p.submit(3, a, now)).as("full: the lease holds the rest")
        .containsExactly(new Action.Reject(3, Action.Rejection.TOO_BUSY));
    p.checkInvariants();
    held.close();
    assertThat(only(p.submit(4, a, now))).isEqualTo(new Action.Launch(c + 2, a));
    p.checkInvariants();
  }

  @Test
  void theLedgerMustHaveThePoolsCapacity() {
    assertThatThrownBy(() -> new NodePool(new PoolConfig(new Resources(MB, 0), FreezePolicy.never(),
        Duration.ofSeconds(1), false), ledger, new LruEviction(), KeepAlivePolicy.fixedPerFunction()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Action only(List<Action> actions) {
    assertThat(actions).hasSize(1);
    return actions.getFirst();
  }
}
