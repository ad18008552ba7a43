package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.CreateAnswer;
import io.hearth.core.lease.LeaseBook;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Function containers and allocs making room for each other on one ledger: the pool asks the
 * lease book (as its room maker) for what evicting its idle containers cannot give, and evicts idle
 * containers for a new alloc ({@link NodePool#makeRoom}).
 */
class NodePoolRoomTest {
  private static final long MB = NodePoolTest.MB;
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private final Resources capacity = new Resources(1024 * MB, 0);
  private final Ledger ledger = new Ledger(capacity);
  private final AtomicInteger ids = new AtomicInteger();
  private final LeaseBook book = new LeaseBook(ledger, Duration.ofMinutes(10), () -> "a" + ids.incrementAndGet());
  /** What the pool asked the book for. */
  private final List<Resources> asked = new ArrayList<>();
  private final RoomMaker reclaimExpired = (missing, now) -> {
    asked.add(missing);
    return !book.reclaimFor(missing, now).isEmpty();
  };

  private NodePool pool(boolean nonBlocking) {
    return new NodePool(new PoolConfig(capacity, FreezePolicy.never(), Duration.ofSeconds(10), nonBlocking), ledger,
        new LruEviction(), KeepAlivePolicy.fixedPerFunction(), reclaimExpired);
  }

  private Alloc alloc(long memoryMb, long leaseSecs, Instant now) {
    CreateAnswer a = book.create("me", Map.of(), new Resources(memoryMb * MB, 0),
        Optional.of(Duration.ofSeconds(leaseSecs)), now);
    assertThat(a).isInstanceOf(CreateAnswer.Created.class);
    return ((CreateAnswer.Created) a).alloc();
  }

  private Alloc.State state(Alloc a, Instant now) {
    return book.get(a.id(), now).orElseThrow().state();
  }

  /** Starts a container of {@code slot} for call {@code call} and lets it serve the call and go idle at {@code now}. */
  private static long idle(NodePool p, long call, SlotKey slot, Instant now) {
    long c = busy(p, call, slot, now);
    p.finished(c, true, now);
    return c;
  }

  private static long busy(NodePool p, long call, SlotKey slot, Instant now) {
    long c = launched(p.submit(call, slot, now));
    p.ready(c, now);
    return c;
  }

  private static long launched(List<Action> actions) {
    List<Action.Launch> l = NodePoolTest.only(actions, Action.Launch.class);
    assertThat(l).as("one launch in %s", actions).hasSize(1);
    return l.getFirst().container();
  }

  @Test
  void aContainerShortOfMemoryReclaimsTheMostExpiredAllocsOnlyAndNeverAnActiveOne() {
    NodePool p = pool(true);
    Alloc first = alloc(300, 10, T0);
    Alloc second = alloc(300, 20, T0);
    Alloc active = alloc(300, 300, T0);
    Instant now = T0.plusSeconds(30); // first and second expired, first the longer ago

    launched(p.submit(1, NodePoolTest.slot("a", 200, 30), now));
    assertThat(asked).containsExactly(new Resources(76 * MB, 0));
    assertThat(state(first, now)).isEqualTo(Alloc.State.RECLAIMED);
    assertThat(state(second, now)).as("not needed: still holds its grant").isEqualTo(Alloc.State.EXPIRED);

    launched(p.submit(2, NodePoolTest.slot("b", 300, 30), now));
    assertThat(state(second, now)).isEqualTo(Alloc.State.RECLAIMED);

    assertThat(p.submit(3, NodePoolTest.slot("c", 300, 30), now)).as("only an active alloc holds the rest")
        .containsExactly(new Action.Reject(3, Action.Rejection.TOO_BUSY));
    assertThat(state(active, now)).isEqualTo(Alloc.State.ACTIVE);
    assertThat(ledger.used()).isEqualTo(new Resources(800 * MB, 0));
    p.checkInvariants();
  }

  @Test
  void idleContainersAreEvictedFirstAndTheBookIsNotAskedWhenTheyMakeAllTheRoom() {
    NodePool p = pool(false);
    Alloc expired = alloc(600, 10, T0);
    long b = idle(p, 1, NodePoolTest.slot("b", 256, 300), T0);
    Instant now = T0.plusSeconds(30);

    List<Action> out = p.submit(2, NodePoolTest.slot("a", 256, 30), now);
    assertThat(out).contains(new Action.Retire(b, Action.RetireReason.EVICTED));
    launched(out);
    assertThat(asked).isEmpty();
    assertThat(state(expired, now)).isEqualTo(Alloc.State.EXPIRED);
    p.checkInvariants();
  }

  @Test
  void theBookIsAskedForWhatIdleContainersCannotGiveAndTheyMakeUpTheRest() {
    NodePool p = pool(false);
    Alloc expired = alloc(300, 10, T0);
    Alloc active = alloc(500, 300, T0);
    long b = idle(p, 1, NodePoolTest.slot("b", 128, 300), T0);
    Instant now = T0.plusSeconds(30); // free: 1024 - 928 = 96 MB

    List<Action> out = p.submit(2, NodePoolTest.slot("a", 400, 30), now); // short 304 MB; idle b holds 128
    assertThat(asked).containsExactly(new Resources(176 * MB, 0));
    assertThat(state(expired, now)).isEqualTo(Alloc.State.RECLAIMED);
    assertThat(out).contains(new Action.Retire(b, Action.RetireReason.EVICTED)); // the last 4 MB
    launched(out);
    assertThat(state(active, now)).isEqualTo(Alloc.State.ACTIVE);
    p.checkInvariants();
  }

  @Test
  void aBlockedCallWaitsUntilAnAllocIsFreedAndTheAgentSaysSo() {
    NodePool p = pool(false);
    Alloc active = alloc(900, 300, T0);
    SlotKey a = NodePoolTest.slot("a", 256, 30);

    assertThat(p.submit(1, a, T0)).as("waits: nothing to evict or reclaim").isEmpty();
    assertThat(asked).containsExactly(new Resources(132 * MB, 0));
    book.free(active.id(), T0.plusSeconds(1));
    assertThat(launched(p.roomFreed(T0.plusSeconds(1)))).isPositive();
    p.checkInvariants();
  }

  @Test
  void forAnAllocTheIdleContainersTheEvictionPolicyChoosesAreEvictedAndTheirRoomIsFreeAtOnce() {
    NodePool p = pool(false);
    long older = idle(p, 1, NodePoolTest.slot("a", 256, 300), T0);
    idle(p, 2, NodePoolTest.slot("b", 128, 300), T0.plusSeconds(1));
    busy(p, 3, NodePoolTest.slot("c", 512, 300), T0.plusSeconds(2));
    Instant now = T0.plusSeconds(3);
    CreateAnswer refused = book.create("me", Map.of(), new Resources(300 * MB, 0), Optional.empty(), now);
    assertThat(refused).isInstanceOf(CreateAnswer.NoFit.class); // 128 MB free: 172 short

    assertThat(p.makeRoom(new Resources(172 * MB, 0), now)).as("the least recently used covers it alone")
        .containsExactly(new Action.Retire(older, Action.RetireReason.EVICTED));
    assertThat(ledger.used()).isEqualTo(new Resources(640 * MB, 0));
    assertThat(book.create("me", Map.of(), new Resources(300 * MB, 0), Optional.empty(), now))
        .isInstanceOf(CreateAnswer.Created.class);
    assertThat(p.snapshot().evictions()).isEqualTo(1);
    assertThat(p.snapshot().byState()).containsEntry("idle", 1).containsEntry("busy", 1);
    p.checkInvariants();
  }

  @Test
  void forAnAllocNoContainerIsEvictedWhenTheIdleOnesCannotCoverAllOfIt() {
    NodePool p = pool(false);
    idle(p, 1, NodePoolTest.slot("a", 128, 300), T0);
    busy(p, 2, NodePoolTest.slot("c", 512, 300), T0);
    long starting = launched(p.submit(3, NodePoolTest.slot("d", 256, 300), T0));
    Resources used = ledger.used();

    assertThat(p.makeRoom(new Resources(129 * MB, 0), T0)).as("only a busy or starting one could cover it").isEmpty();
    assertThat(p.makeRoom(new Resources(64 * MB, 0, Map.of(Resources.DISK, 1L)), T0))
        .as("containers hold no disk").isEmpty();
    assertThat(p.makeRoom(Resources.ZERO, T0)).isEmpty();
    assertThat(ledger.used()).isEqualTo(used);
    assertThat(p.snapshot().evictions()).isZero();
    assertThat(p.ready(starting, T0)).containsExactly(new Action.Assign(3, starting, false, true));
    p.checkInvariants();
  }

  @Test
  void whatIsMissingBeyondWhatIsHeldIsCountedPerResource() {
    Resources missing = new Resources(300, 50, Map.of(Resources.GPU, 1L));
    assertThat(Room.beyond(missing, new Resources(100, 80))).isEqualTo(new Resources(200, 0, Map.of(Resources.GPU, 1L)));
    assertThat(Room.beyond(missing, missing)).isEqualTo(Resources.ZERO);
  }
}
