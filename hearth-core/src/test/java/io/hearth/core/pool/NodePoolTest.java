package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePoolTest {
  static final long MB = 1024 * 1024;
  Instant now = Instant.parse("2026-11-22T10:00:00Z");
  long nextCall = 1;

  static SlotKey slot(String fn, int memoryMb, int idleSecs) {
    return new SlotKey(fn, "img/" + fn, memoryMb, 0, 30, idleSecs, Map.of(), 0);
  }

  static NodePool pool(long memoryMb, FreezePolicy freeze, Duration maxWait, boolean nonBlocking) {
    NodePool p = new NodePool(new PoolConfig(new Resources(memoryMb * MB, 0), freeze, maxWait, nonBlocking),
        new LruEviction(), KeepAlivePolicy.fixedPerFunction());
    return p;
  }

  static NodePool pool(long memoryMb) {
    return pool(memoryMb, FreezePolicy.never(), Duration.ofSeconds(10), false);
  }

  static <T extends Action> List<T> only(List<Action> actions, Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aCallWithNoIdleContainerLaunchesOneAndGetsItWhenReady() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    List<Action> first = p.submit(1, a, now);
    assertThat(first).singleElement().isInstanceOf(Action.Launch.class);
    long c = ((Action.Launch) first.getFirst()).container();
    assertThat(p.ready(c, now)).containsExactly(new Action.Assign(1, c, false, true));
    assertThat(p.snapshot().used().memoryBytes()).isEqualTo(128 * MB);
    assertThat(p.finished(c, true, now)).isEmpty();
    assertThat(p.submit(2, a, now)).containsExactly(new Action.Assign(2, c, false, false));
    p.checkInvariants();
  }

  @Test
  void theMostRecentlyIdledContainerServesFirst() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    long c1 = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    long c2 = ((Action.Launch) p.submit(2, a, now).getFirst()).container();
    p.ready(c1, now);
    p.ready(c2, now);
    p.finished(c1, true, now);
    now = now.plusMillis(5);
    p.finished(c2, true, now);
    assertThat(p.submit(3, a, now)).containsExactly(new Action.Assign(3, c2, false, false));
    p.checkInvariants();
  }

  @Test
  void aBurstStartsAtMostOneContainerPerWaitingCallAndFewerWhenCallsFinishFirst() {
    NodePool p = pool(8192);
    SlotKey a = slot("a", 128, 30);
    int launches = 0;
    for (int i = 1; i <= 16; i++) {
      launches += only(p.submit(i, a, now), Action.Launch.class).size();
    }
    assertThat(launches).isEqualTo(16);

    NodePool q = pool(8192);
    long c = ((Action.Launch) q.submit(100, a, now).getFirst()).container();
    q.ready(c, now);
    for (int i = 101; i <= 115; i++) {
      q.finished(c, true, now);
      assertThat(q.submit(i, a, now)).singleElement().isInstanceOf(Action.Assign.class);
    }
    assertThat(q.snapshot().coldStarts()).isEqualTo(1);
    assertThat(q.snapshot().warmStarts()).isEqualTo(15);
  }

  @Test
  void aContainerThatBecomesFreeServesAWaiterSoLaterStartsGoIdle() {
    NodePool p = pool(8192);
    SlotKey a = slot("a", 128, 30);
    long c1 = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    long c2 = ((Action.Launch) p.submit(2, a, now).getFirst()).container();
    p.ready(c1, now);
    assertThat(p.finished(c1, true, now)).containsExactly(new Action.Assign(2, c1, false, false));
    assertThat(p.ready(c2, now)).isEmpty(); // nobody waits any more: it goes idle
    assertThat(p.snapshot().byState()).containsEntry("idle", 1).containsEntry("busy", 1);
    p.checkInvariants();
  }

  @Test
  void evictsIdleContainersOfOtherFunctionsOnlyWhenThatMakesRoom() {
    NodePool p = pool(256);
    SlotKey a = slot("a", 128, 300);
    SlotKey b = slot("b", 256, 300);
    long a1 = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    long a2 = ((Action.Launch) p.submit(2, a, now).getFirst()).container();
    p.ready(a1, now);
    p.ready(a2, now);
    p.finished(a1, true, now);
    now = now.plusSeconds(1);
    List<Action> actions = p.submit(3, b, now); // a2 still busy: evicting a1 alone frees too little
    assertThat(only(actions, Action.Retire.class)).isEmpty();
    assertThat(only(actions, Action.Launch.class)).isEmpty();
    List<Action> after = p.finished(a2, true, now); // now both can go
    assertThat(only(after, Action.Retire.class)).extracting(Action.Retire::container).containsExactlyInAnyOrder(a1, a2);
    assertThat(only(after, Action.Launch.class)).singleElement().extracting(Action.Launch::slot).isEqualTo(b);
    assertThat(p.snapshot().evictions()).isEqualTo(2);
    p.checkInvariants();
  }

  @Test
  void leastRecentlyUsedIsEvictedFirst() {
    NodePool p = pool(384);
    SlotKey a = slot("a", 128, 300);
    SlotKey b = slot("b", 128, 300);
    SlotKey c = slot("c", 128, 300);
    long ca = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    long cb = ((Action.Launch) p.submit(2, b, now).getFirst()).container();
    long cc = ((Action.Launch) p.submit(3, c, now).getFirst()).container();
    for (long id : List.of(ca, cb, cc)) {
      p.ready(id, now);
    }
    p.finished(cb, true, now);
    now = now.plusSeconds(1);
    p.finished(ca, true, now);
    List<Action> actions = p.submit(4, slot("d", 128, 300), now);
    assertThat(only(actions, Action.Retire.class)).containsExactly(new Action.Retire(cb, Action.RetireReason.EVICTED));
  }

  @Test
  void nonBlockingModeRefusesAtOnceWhenFullAndNothingCanBeEvicted() {
    NodePool p = pool(128, FreezePolicy.never(), Duration.ofSeconds(10), true);
    SlotKey a = slot("a", 128, 30);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.ready(c, now);
    assertThat(p.submit(2, slot("b", 128, 30), now))
        .containsExactly(new Action.Reject(2, Action.Rejection.TOO_BUSY));
    assertThat(p.snapshot().refused()).isEqualTo(1);
    p.checkInvariants();
  }

  @Test
  void blockingModeWaitsForRoomAndRefusesWhenTheWaitRunsOut() {
    NodePool p = pool(128, FreezePolicy.never(), Duration.ofSeconds(2), false);
    SlotKey a = slot("a", 128, 30);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.ready(c, now);
    assertThat(p.submit(2, slot("b", 128, 30), now)).isEmpty(); // waits
    assertThat(p.submit(3, slot("b", 128, 30), now.plusSeconds(1))).isEmpty();
    assertThat(p.exactDeadline()).contains(now.plusSeconds(2));
    assertThat(p.tick(now.plusSeconds(2))).containsExactly(new Action.Reject(2, Action.Rejection.TOO_BUSY));
    List<Action> freed = p.finished(c, false, now.plusMillis(2500)); // broken container frees its room
    assertThat(only(freed, Action.Launch.class)).hasSize(1);
    p.checkInvariants();
  }

  @Test
  void aCallWaitingForAContainerThatIsStartingIsNotRefusedForItsQueueWait() {
    NodePool p = pool(1024, FreezePolicy.never(), Duration.ofSeconds(1), false);
    SlotKey a = slot("a", 128, 30);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    assertThat(p.exactDeadline()).isEmpty(); // the start is bounded by the init timeout, not the queue wait
    assertThat(p.tick(now.plusSeconds(5))).isEmpty();
    assertThat(p.ready(c, now.plusSeconds(5))).containsExactly(new Action.Assign(1, c, false, true));
  }

  @Test
  void aFunctionLargerThanTheNodeIsRefusedOutright() {
    NodePool p = pool(512);
    assertThat(p.submit(1, slot("huge", 1024, 30), now)).containsExactly(new Action.Reject(1, Action.Rejection.TOO_BIG));
  }

  @Test
  void idleContainersFreezeAfterTheGraceAndThawWhenAssigned() {
    NodePool p = pool(1024, FreezePolicy.after(Duration.ofMillis(50)), Duration.ofSeconds(10), false);
    SlotKey a = slot("a", 128, 30);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.ready(c, now);
    p.finished(c, true, now);
    assertThat(p.tick(now.plusMillis(49))).isEmpty();
    assertThat(p.tick(now.plusMillis(50))).containsExactly(new Action.Freeze(c));
    assertThat(p.snapshot().byState()).containsEntry("frozen", 1);
    assertThat(p.tick(now.plusMillis(60))).isEmpty(); // frozen once
    assertThat(p.submit(2, a, now.plusSeconds(1))).containsExactly(new Action.Assign(2, c, true, false));
  }

  @Test
  void idleContainersExpireAfterTheirKeepAlive() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 5);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.ready(c, now);
    p.finished(c, true, now);
    assertThat(p.exactDeadline()).contains(now.plusSeconds(5));
    assertThat(p.tick(now.plusSeconds(4))).isEmpty();
    assertThat(p.tick(now.plusSeconds(5))).containsExactly(new Action.Retire(c, Action.RetireReason.EXPIRED));
    assertThat(p.snapshot().used()).isEqualTo(Resources.ZERO);
    p.checkInvariants();
  }

  @Test
  void prewarmStartsContainersThatWaitIdle() {
    NodePool p = pool(300);
    SlotKey a = slot("a", 128, 30);
    List<Action> launches = p.prewarm(a, 5, now);
    assertThat(launches).hasSize(2); // room for two
    for (Action l : launches) {
      assertThat(p.ready(((Action.Launch) l).container(), now)).isEmpty();
    }
    assertThat(p.snapshot().byState()).containsEntry("idle", 2);
    List<Action> first = p.submit(1, a, now);
    assertThat(first).singleElement().isInstanceOf(Action.Assign.class);
    assertThat(((Action.Assign) first.getFirst()).cold()).as("a prewarmed container serves warm").isFalse();
    assertThat(p.snapshot().coldStarts()).isZero();
  }

  @Test
  void aChangedFunctionsContainersRetireIdleAtOnceAndBusyAfterTheirCall() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    long c1 = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    long c2 = ((Action.Launch) p.submit(2, a, now).getFirst()).container();
    p.ready(c1, now);
    p.ready(c2, now);
    p.finished(c1, true, now);
    assertThat(p.retireFunction("a", now)).containsExactly(new Action.Retire(c1, Action.RetireReason.DRAINED));
    assertThat(p.finished(c2, true, now)).containsExactly(new Action.Retire(c2, Action.RetireReason.DRAINED));
    p.checkInvariants();
  }

  @Test
  void aFailedLaunchAnswersTheCallThatWaitedLongest() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    long c1 = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.submit(2, a, now);
    assertThat(p.launchFailed(c1, now)).containsExactly(new Action.FailWithLaunch(1, c1));
    assertThat(p.snapshot().used().memoryBytes()).isEqualTo(128 * MB);
    p.checkInvariants();
  }

  @Test
  void anIdleContainerThatExitsIsRetiredAndACancelledCallIsForgotten() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.ready(c, now);
    p.finished(c, true, now);
    assertThat(p.exited(c, now)).containsExactly(new Action.Retire(c, Action.RetireReason.EXITED));
    p.submit(2, a, now);
    p.cancel(2);
    assertThat(p.snapshot().waiting()).isZero();
    p.checkInvariants();
  }

  @Test
  void shutdownRetiresEverythingAndRefusesWaiters() {
    NodePool p = pool(128);
    SlotKey a = slot("a", 128, 30);
    long c = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    p.ready(c, now);
    p.submit(2, slot("b", 128, 30), now);
    List<Action> actions = p.shutdown();
    assertThat(actions).contains(new Action.Reject(2, Action.Rejection.TOO_BUSY),
        new Action.Retire(c, Action.RetireReason.SHUTDOWN));
    assertThat(p.snapshot().used()).isEqualTo(Resources.ZERO);
  }

  @Test
  void minWarmStartsContainersAndIdlenessNeverRetiresThem() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    List<Action.Launch> launches = only(p.keepWarm(a, 2, now), Action.Launch.class);
    assertThat(launches).hasSize(2);
    launches.forEach(l -> p.ready(l.container(), now));
    now = now.plus(Duration.ofHours(3));
    assertThat(p.exactDeadline()).as("nothing to expire").isEmpty();
    assertThat(only(p.tick(now), Action.Retire.class)).isEmpty();
    assertThat(p.snapshot().byState()).containsEntry("idle", 2);
    p.checkInvariants();
  }

  @Test
  void minWarmKeepsItsCountAndLetsExtraContainersExpire() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    only(p.keepWarm(a, 1, now), Action.Launch.class).forEach(l -> p.ready(l.container(), now));
    // a second call while the first runs gets a second container
    long first = ((Action.Assign) p.submit(1, a, now).getFirst()).container();
    long second = ((Action.Launch) p.submit(2, a, now).getFirst()).container();
    p.ready(second, now);
    p.finished(first, true, now);
    p.finished(second, true, now);
    now = now.plusSeconds(31);
    assertThat(only(p.tick(now), Action.Retire.class)).hasSize(1);
    assertThat(p.snapshot().byState()).containsEntry("idle", 1);
    assertThat(p.exactDeadline()).isEmpty();
    p.checkInvariants();
  }

  @Test
  void aMinWarmContainerThatIsLostIsStartedAgainAfterAPause() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    long c = only(p.keepWarm(a, 1, now), Action.Launch.class).getFirst().container();
    p.ready(c, now);
    assertThat(p.exited(c, now)).containsExactly(new Action.Retire(c, Action.RetireReason.EXITED));
    assertThat(p.exactDeadline()).contains(now.plus(NodePool.MIN_WARM_RETRY));
    assertThat(p.tick(now.plusSeconds(1))).isEmpty();
    now = now.plus(NodePool.MIN_WARM_RETRY);
    assertThat(only(p.tick(now), Action.Launch.class)).hasSize(1);
    p.checkInvariants();
  }

  @Test
  void minWarmStartsWhatFitsWithoutEvictingAndTheRestWhenRoomReturns() {
    NodePool p = pool(300);
    SlotKey a = slot("a", 128, 30);
    SlotKey b = slot("b", 128, 30);
    long other = ((Action.Launch) p.submit(1, b, now).getFirst()).container();
    p.ready(other, now);
    p.finished(other, true, now);
    assertThat(only(p.keepWarm(a, 2, now), Action.Launch.class)).as("room for one, b's idle container stays")
        .hasSize(1);
    assertThat(only(p.tick(now.plus(NodePool.MIN_WARM_RETRY)), Action.Launch.class)).isEmpty();
    now = now.plusSeconds(30); // b's container expires, and the retry starts a's second
    List<Action> tick = p.tick(now);
    assertThat(only(tick, Action.Retire.class)).extracting(Action.Retire::container).containsExactly(other);
    assertThat(only(tick, Action.Launch.class)).hasSize(1);
    p.checkInvariants();
  }

  @Test
  void minWarmEndsWhenSetToZeroOrWhenTheFunctionChanges() {
    NodePool p = pool(1024);
    SlotKey a = slot("a", 128, 30);
    only(p.keepWarm(a, 1, now), Action.Launch.class).forEach(l -> p.ready(l.container(), now));
    p.keepWarm(a, 0, now);
    assertThat(only(p.tick(now.plusSeconds(30)), Action.Retire.class)).hasSize(1);

    SlotKey changed = new SlotKey("a", "img/a:v2", 128, 0, 30, 30, Map.of(), 0);
    only(p.keepWarm(a, 1, now), Action.Launch.class).forEach(l -> p.ready(l.container(), now));
    assertThat(only(p.keepWarm(changed, 1, now), Action.Launch.class)).hasSize(1);
    assertThat(only(p.tick(now.plusSeconds(60)), Action.Retire.class)).as("the old slot's container expires")
        .hasSize(1);
    p.retireFunction("a", now);
    assertThat(p.exactDeadline()).isEmpty();
    p.checkInvariants();
  }

  @Test
  void theDeadlineBoundIsNeverLateAndATickAtItMakesItExact() {
    NodePool p = pool(4096, FreezePolicy.after(Duration.ofMillis(50)), Duration.ofSeconds(10), false);
    SlotKey a = slot("a", 128, 30);
    SlotKey b = slot("b", 128, 60);
    long ca = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    long cb = ((Action.Launch) p.submit(2, b, now).getFirst()).container();
    p.ready(ca, now);
    p.ready(cb, now);
    p.finished(ca, true, now);
    p.finished(cb, true, now);
    assertThat(p.nextDeadline()).contains(now.plusMillis(50)).isEqualTo(p.exactDeadline()); // the freezes
    now = now.plusMillis(50);
    assertThat(only(p.tick(now), Action.Freeze.class)).hasSize(2);
    assertThat(p.exactDeadline()).contains(now.minusMillis(50).plusSeconds(30)); // a's expiry
    assertThat(p.nextDeadline()).as("a recount, at most a second ahead while containers idle")
        .contains(now.plus(NodePool.RECOUNT));
    // a's container is taken and given back: its expiry moves later; the bound may stay early
    p.submit(3, a, now);
    p.finished(ca, true, now);
    assertThat(p.nextDeadline().orElseThrow()).isBeforeOrEqualTo(p.exactDeadline().orElseThrow());
    p.checkInvariants();
  }
}
