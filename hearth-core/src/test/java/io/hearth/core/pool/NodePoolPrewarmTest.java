package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Launches the keep-alive policy plans ahead of calls ({@link KeepAlivePolicy#prewarmAt}). */
class NodePoolPrewarmTest {
  static final Duration PREWARM_AFTER = Duration.ofMinutes(5);
  static final Duration KEEP_PREWARMED = Duration.ofMinutes(2);
  Instant now = Instant.parse("2026-11-22T10:00:00Z");
  final SlotKey a = NodePoolTest.slot("a", 128, 30);

  /**
   * For function "a": unloads at once after a call, plans a start 5 minutes later, keeps that
   * container 2 minutes. Other functions: kept an hour, no plans.
   */
  static class PlanAhead implements KeepAlivePolicy {
    final List<Instant> asked = new ArrayList<>();

    @Override
    public Duration keepAlive(SlotKey slot, Instant idleSince) {
      return slot.fnId().equals("a") ? Duration.ZERO : Duration.ofHours(1);
    }

    @Override
    public Duration keepAlivePrewarmed(SlotKey slot, Instant readySince) {
      return KEEP_PREWARMED;
    }

    @Override
    public Optional<Instant> prewarmAt(SlotKey slot, Instant idleSince) {
      if (!slot.fnId().equals("a")) {
        return Optional.empty();
      }
      asked.add(idleSince);
      return Optional.of(idleSince.plus(PREWARM_AFTER));
    }
  }

  NodePool pool(long memoryMb, KeepAlivePolicy policy) {
    return new NodePool(new PoolConfig(new Resources(memoryMb * NodePoolTest.MB, 0), FreezePolicy.never(),
        Duration.ofSeconds(10), false), new LruEviction(), policy);
  }

  /** One call served by a new container; it goes idle at {@code now} and expires at once. */
  long callAndExpire(NodePool p, long call) {
    long c = ((Action.Launch) p.submit(call, a, now).getFirst()).container();
    p.ready(c, now);
    p.finished(c, true, now);
    assertThat(p.tick(now)).containsExactly(new Action.Retire(c, Action.RetireReason.EXPIRED));
    return c;
  }

  @Test
  void anExpiredContainerIsStartedAgainAtThePlannedTimeAndServesTheNextCallWarm() {
    NodePool p = pool(1024, new PlanAhead());
    callAndExpire(p, 1);
    Instant at = now.plus(PREWARM_AFTER);
    assertThat(p.exactDeadline()).contains(at);
    assertThat(p.tick(at.minusMillis(1))).isEmpty();
    List<Action> launched = p.tick(at);
    assertThat(launched).singleElement().isInstanceOf(Action.Launch.class);
    long c = ((Action.Launch) launched.getFirst()).container();
    assertThat(p.ready(c, at.plusSeconds(1))).as("no call waits: it goes idle").isEmpty();
    assertThat(p.snapshot().byState()).containsEntry("idle", 1);
    assertThat(p.exactDeadline()).as("kept for the prewarmed window").contains(at.plusSeconds(1).plus(KEEP_PREWARMED));
    assertThat(p.submit(2, a, at.plusSeconds(30))).containsExactly(new Action.Assign(2, c, false, false));
    assertThat(p.snapshot().coldStarts()).isEqualTo(1);
    assertThat(p.snapshot().warmStarts()).isEqualTo(1);
    p.checkInvariants();
  }

  @Test
  void aCallBeforeThePlannedTimeCancelsThePlan() {
    NodePool p = pool(1024, new PlanAhead());
    callAndExpire(p, 1);
    List<Action> cold = p.submit(2, a, now.plusSeconds(60));
    long c = ((Action.Launch) cold.getFirst()).container();
    assertThat(p.ready(c, now.plusSeconds(61))).containsExactly(new Action.Assign(2, c, false, true));
    assertThat(p.exactDeadline()).isEmpty();
    assertThat(p.tick(now.plus(PREWARM_AFTER))).isEmpty();
    p.checkInvariants();
  }

  @Test
  void anUnusedPrewarmedContainerExpiresWithoutANewPlan() {
    PlanAhead policy = new PlanAhead();
    NodePool p = pool(1024, policy);
    callAndExpire(p, 1);
    Instant at = now.plus(PREWARM_AFTER);
    long c = ((Action.Launch) p.tick(at).getFirst()).container();
    p.ready(c, at);
    Instant end = at.plus(KEEP_PREWARMED);
    assertThat(p.tick(end)).containsExactly(new Action.Retire(c, Action.RetireReason.EXPIRED));
    assertThat(policy.asked).as("asked once, for the container that served a call").containsExactly(now);
    assertThat(p.exactDeadline()).isEmpty();
    assertThat(p.snapshot().used()).isEqualTo(Resources.ZERO);
  }

  @Test
  void aChangedFunctionLosesItsPlan() {
    NodePool p = pool(1024, new PlanAhead());
    callAndExpire(p, 1);
    assertThat(p.retireFunction("a", now)).isEmpty();
    assertThat(p.exactDeadline()).isEmpty();
    assertThat(p.tick(now.plus(PREWARM_AFTER))).isEmpty();
  }

  @Test
  void aPlannedStartNeverEvictsAndIsDroppedWhenThereIsNoRoom() {
    NodePool p = pool(128, new PlanAhead());
    callAndExpire(p, 1);
    SlotKey b = NodePoolTest.slot("b", 128, 3600);
    long cb = ((Action.Launch) p.submit(2, b, now).getFirst()).container();
    p.ready(cb, now);
    p.finished(cb, true, now); // b's idle container holds all the memory for an hour
    assertThat(p.tick(now.plus(PREWARM_AFTER))).as("b is not evicted for a guess").isEmpty();
    assertThat(p.exactDeadline()).as("the plan is dropped, not retried").contains(now.plusSeconds(3600));
    assertThat(p.snapshot().byFunction()).containsOnlyKeys("b");
    p.checkInvariants();
  }

  @Test
  void noPlannedStartWhenTheSlotStillHasAnIdleContainer() {
    // Two containers: the first expires and plans; the second is still idle when the plan comes due.
    KeepAlivePolicy policy = new PlanAhead() {
      @Override
      public Duration keepAlive(SlotKey slot, Instant idleSince) {
        return idleSince.equals(now) ? Duration.ZERO : Duration.ofHours(1);
      }
    };
    NodePool p = pool(1024, policy);
    long c1 = ((Action.Launch) p.submit(1, a, now).getFirst()).container();
    long c2 = ((Action.Launch) p.submit(2, a, now).getFirst()).container();
    p.ready(c1, now);
    p.ready(c2, now);
    p.finished(c1, true, now);
    p.finished(c2, true, now.plusSeconds(1));
    assertThat(p.tick(now)).containsExactly(new Action.Retire(c1, Action.RetireReason.EXPIRED));
    assertThat(p.tick(now.plus(PREWARM_AFTER))).isEmpty();
    assertThat(p.snapshot().byState()).containsEntry("idle", 1);
    p.checkInvariants();
  }

  @Test
  void policiesWithoutPlansBehaveAsBefore() {
    NodePool p = NodePoolTest.pool(1024);
    long c = ((Action.Launch) p.submit(1, NodePoolTest.slot("a", 128, 5), now).getFirst()).container();
    p.ready(c, now);
    p.finished(c, true, now);
    p.tick(now.plusSeconds(5));
    assertThat(p.exactDeadline()).isEmpty();
  }
}
