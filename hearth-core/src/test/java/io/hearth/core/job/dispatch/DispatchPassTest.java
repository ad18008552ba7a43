package io.hearth.core.job.dispatch;

import static io.hearth.core.job.dispatch.Jobs.CLASSES;
import static io.hearth.core.job.dispatch.Jobs.GI;
import static io.hearth.core.job.dispatch.Jobs.HUGE;
import static io.hearth.core.job.dispatch.Jobs.ME;
import static io.hearth.core.job.dispatch.Jobs.MEDIUM;
import static io.hearth.core.job.dispatch.Jobs.SETTINGS;
import static io.hearth.core.job.dispatch.Jobs.SMALL;
import static io.hearth.core.job.dispatch.Jobs.T0;
import static io.hearth.core.job.dispatch.Jobs.job;
import static io.hearth.core.job.dispatch.Jobs.node;
import static io.hearth.core.job.dispatch.Jobs.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.job.dispatch.DispatchAction.Cancel;
import io.hearth.core.job.dispatch.DispatchAction.Hold;
import io.hearth.core.job.dispatch.DispatchAction.KeepLocked;
import io.hearth.core.job.dispatch.DispatchAction.Kill;
import io.hearth.core.job.dispatch.DispatchAction.Lock;
import io.hearth.core.job.dispatch.DispatchAction.Retry;
import io.hearth.core.job.dispatch.DispatchAction.Unlock;
import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatchPassTest {
  private static final Instant NOW = T0.plusSeconds(60);

  private static List<DispatchAction> pass(List<QueuedJob> queue, NodeOffer... offers) {
    return DispatchPass.run(new PassInput(queue, List.of(offers)), NOW, SETTINGS).actions();
  }

  @Test
  void locksAndStartsOnlyWhatFitsNowInSchedulerOrder() {
    assertThat(pass(List.of(job("c", 500, 2, 3), job("a", 500, 2, 1), job("b", 500, 2, 2)), node("n1", SMALL, 4)))
        .containsExactly(new Lock("a"), start("a", "n1", "small", 2), new Lock("b"), start("b", "n1", "small", 2));
  }

  @Test
  void aLargerJobAheadThatDoesNotFitIsNotLockedAndSmallerOnesBehindItStillStart() {
    assertThat(pass(List.of(job("big", 900, 4, 0), job("small", 500, 1, 0)), node("n1", SMALL, 2)))
        .containsExactly(new Lock("small"), start("small", "n1", "small", 1));
  }

  @Test
  void startsOnThePricierEligibleClassWhenTheCheapestHasNoRoomButNeverBeyondThePriceFactor() {
    assertThat(pass(List.of(job("a", 500, 2, 0), job("b", 500, 2, 1)), node("s", SMALL, 2), node("m", MEDIUM, 8),
        node("h", HUGE, 16)))
        .containsExactly(new Lock("a"), start("a", "s", "small", 2), new Lock("b"), start("b", "m", "medium", 2));
    // huge costs 10x small: a 2-CPU job never goes there, even when it is the only room
    assertThat(pass(List.of(job("a", 500, 2, 0)), node("h", HUGE, 16))).isEmpty();
  }

  @Test
  void nodesOfAnUnknownClassAreNotUsed() {
    assertThat(pass(List.of(job("a", 500, 1, 0)), new NodeOffer("x", "mystery", SMALL.capacity(), SMALL.capacity())))
        .isEmpty();
  }

  @Test
  void atCapacityKeepsTheNextInLineLockedAndUnlocksTheRestLeavingOthersLocksAlone() {
    List<QueuedJob> queue = List.of(job("l1", 500, 2, 1).lockedBy(ME), job("l2", 500, 2, 2).lockedBy(ME),
        job("other", 900, 2, 0).lockedBy("d2"), job("l3", 400, 1, 0).lockedBy(ME), job("q", 900, 1, 0));
    assertThat(pass(queue, node("n1", SMALL, 0))).containsExactly(
        new KeepLocked("l1", "next in line: waiting for room on [small, medium]"),
        new Unlock("l2", "not next in line for room"), new Unlock("l3", "not next in line for room"));
  }

  @Test
  void aJobLockedEarlierStartsWithoutLockingAgain() {
    assertThat(pass(List.of(job("l", 500, 2, 0).lockedBy(ME)), node("n1", SMALL, 4)))
        .containsExactly(start("l", "n1", "small", 2));
  }

  @Test
  void repeatedPassesOnUnchangedRoomNeitherLockNorUnlockAgain() {
    QueueModel model = new QueueModel(SETTINGS).node(node("n1", SMALL, 4));
    model.add(job("l1", 500, 2, 0).lockedBy(ME)).add(job("l2", 500, 2, 1).lockedBy(ME))
        .add(job("l3", 500, 2, 2).lockedBy(ME)).add(job("l4", 500, 2, 3).lockedBy(ME));
    for (int i = 0; i < 5; i++) {
      model.add(job("q" + i, 500, 1 + i % 3, 10 + i));
    }
    List<DispatchAction> first = model.pass(NOW);
    assertThat(first).containsExactly(start("l1", "n1", "small", 2), start("l2", "n1", "small", 2),
        new KeepLocked("l3", "next in line: waiting for room on [small, medium]"),
        new Unlock("l4", "not next in line for room"));
    for (int i = 1; i <= 10; i++) {
      assertThat(model.pass(NOW.plusSeconds(i))).as("pass %d", i + 1)
          .containsExactly(new KeepLocked("l3", "next in line: waiting for room on [small, medium]"));
    }
    assertThat(model.job("l4").lockCount()).isEqualTo(1); // unlocked once, never locked again
    // room comes back: the kept job starts first, then the queued ones in order
    model.finish("l1");
    assertThat(model.pass(NOW.plusSeconds(20))).containsExactly(start("l3", "n1", "small", 2));
  }

  @Test
  void priorityZeroHoldsAQueuedJobUnlocksALockedOneAndKillsARunningOne() {
    List<QueuedJob> queue = List.of(job("q", 0, 1, 0), job("l", 0, 1, 0).lockedBy(ME),
        job("r", 0, 1, 0).lockedBy(ME).runningOn("n1", T0), job("theirs", 0, 1, 0).lockedBy("d2").runningOn("n1", T0));
    assertThat(pass(queue, node("n1", SMALL, 4))).containsExactly(
        new Kill("r", 1, "killed: priority set to 0 (nobody wants the job any more)"),
        new Unlock("l", "priority is 0: on hold"), new Hold("q"));
  }

  @Test
  void maxRunTimeKillsAtTheBoundNotBefore() {
    QueuedJob running = job("r", 500, 1, 0).withScheduling(false, Duration.ofSeconds(60), 3).lockedBy(ME)
        .runningOn("n1", T0);
    PassInput in = new PassInput(List.of(running), List.of(node("n1", SMALL, 3)));
    assertThat(DispatchPass.run(in, T0.plusSeconds(59), SETTINGS).actions()).isEmpty();
    assertThat(DispatchPass.run(in, T0.plusSeconds(60), SETTINGS).actions())
        .containsExactly(new Kill("r", 1, "killed: ran longer than max_run_time_secs (60 s)"));
  }

  @Test
  void aJobNoClassCanHoldIsCancelledSayingSo() {
    String message = "constraints not satisfiable by any configured instance type";
    assertThat(pass(List.of(job("q", 500, 64, 0), job("l", 500, 1, 0).withScheduling(true, Duration.ZERO, 3)
        .lockedBy(ME)), node("n1", SMALL, 4)))
        .containsExactly(new Cancel("l", 1, message), new Cancel("q", 1, message));
  }

  @Test
  void theMaximumDispatchAttemptsCancelsInsteadOfLockingOrUnlockingAgain() {
    String message = "cancelled: locked 10 times, the maximum dispatch attempts is 10";
    List<QueuedJob> queue = List.of(job("next", 500, 2, 0).lockedBy(ME),
        job("nine", 500, 2, 1).withLockCount(8).lockedBy(ME), job("ten", 500, 2, 2).withLockCount(9).lockedBy(ME),
        job("queued-ten", 500, 1, 0).withLockCount(10));
    assertThat(pass(queue, node("n1", SMALL, 0))).containsExactly(
        new KeepLocked("next", "next in line: waiting for room on [small, medium]"),
        new Unlock("nine", "not next in line for room"), new Cancel("ten", 1, message),
        new Cancel("queued-ten", 1, message));
  }

  @Test
  void anAttemptOnALostNodeIsRetriedAsANewAttemptWhileAttemptsRemain() {
    QueuedJob first = job("a", 500, 1, 0).lockedBy(ME).runningOn("gone", T0);
    QueuedJob last = job("b", 500, 1, 0).nextAttempt().nextAttempt().lockedBy(ME).runningOn("gone", T0);
    QueuedJob elsewhere = job("c", 500, 1, 0).lockedBy(ME).runningOn("n1", T0);
    PassInput in = new PassInput(List.of(first, last, elsewhere), List.of(node("gone", SMALL, 4), node("n1", SMALL, 0)),
        Set.of("gone"), Optional.empty());
    assertThat(DispatchPass.run(in, NOW, SETTINGS).actions()).containsExactly(
        new Retry("a", 2, "node gone was lost"),
        new Cancel("b", 3, "node gone was lost; attempt 3 of 3 (max_attempts) was the last"));
    // the retried attempt is queued and starts in a later pass, never on the lost node
    QueueModel model = new QueueModel(SETTINGS).node(node("gone", SMALL, 4)).node(node("n1", SMALL, 1));
    model.add(first);
    model.lost = Set.of("gone");
    assertThat(model.pass(NOW)).containsExactly(new Retry("a", 2, "node gone was lost"));
    assertThat(model.pass(NOW.plusSeconds(1))).containsExactly(new Lock("a"),
        new DispatchAction.Start("a", 2, "n1", "small", Jobs.cpus(1)));
  }

  @Test
  void aRetryIsNotMadeForAJobNobodyWantsAnyMore() {
    assertThat(AttemptEnd.after(job("a", 0, 1, 0).lockedBy(ME).runningOn("n", T0), "lease reclaimed"))
        .isEqualTo(new Cancel("a", 1, "lease reclaimed; not retried: priority is 0"));
  }

  @Test
  void scratchAndGpusCountAgainstTheNodesRoom() {
    InstanceType gpu = new InstanceType("gpu", 8, 32 * GI, 100 * GI, 1, new java.math.BigDecimal("0.9"), false);
    DispatchSettings s = new DispatchSettings(ME, NodeClasses.configured(List.of(gpu)), SETTINGS.chooser(), 10,
        Duration.ofHours(1));
    QueuedJob a = QueuedJob.queued("a", 500, new Constraints(1, GI, 10 * GI, 1), T0);
    QueuedJob b = QueuedJob.queued("b", 500, new Constraints(1, GI, 10 * GI, 1), T0.plusSeconds(1));
    PassInput in = new PassInput(List.of(a, b), List.of(new NodeOffer("g", "gpu", gpu.capacity(), gpu.capacity())));
    assertThat(DispatchPass.run(in, NOW, s).actions()).containsExactly(new Lock("a"),
        new DispatchAction.Start("a", 1, "g", "gpu", a.need().request(0)));
  }

  @Test
  void anAllInOneNodeThatDoesNotAccountCpuStartsByMemory() {
    Resources capacity = new Resources(4 * GI, 0);
    DispatchSettings s = new DispatchSettings(ME, NodeClasses.allInOne(capacity), SETTINGS.chooser(), 10,
        Duration.ofHours(1));
    PassInput in = new PassInput(List.of(job("a", 500, 1, 0), job("b", 500, 1, 1), job("c", 500, 1, 2),
        job("d", 500, 1, 3), job("e", 500, 1, 4)), List.of(new NodeOffer("me", NodeClasses.ALL_IN_ONE, capacity, capacity)));
    assertThat(DispatchPass.run(in, NOW, s).actions().stream().filter(x -> x instanceof DispatchAction.Start))
        .hasSize(4);
  }

  @Test
  void theDefaultsAreArvadossAndHoldRoomAfterFiveMinutes() {
    DispatchSettings d = DispatchSettings.defaults("d", CLASSES, 256L << 20);
    assertThat(d.maxDispatchAttempts()).isEqualTo(10);
    assertThat(d.reserveAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.chooser()).isEqualTo(new TypeChooser(256L << 20, new java.math.BigDecimal("1.5")));
  }
}
