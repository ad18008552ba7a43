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

/** The pool tells the keep-alive policy how many calls run and ranks idle containers (on a manual clock). */
class NodePoolRankTest {
  Instant now = Instant.parse("2026-11-22T10:00:00Z");
  final SlotKey a = NodePoolTest.slot("a", 128, 30);

  /** Rank 1 is kept 10 minutes, every other rank 1 minute; rank 1 plans a prewarm. Records what it is told. */
  static final class ByRank implements KeepAlivePolicy {
    final List<Integer> running = new ArrayList<>();
    final List<Integer> plannedFor = new ArrayList<>();

    @Override
    public Duration keepAlive(SlotKey slot, Instant idleSince) {
      throw new AssertionError("the pool asks with the rank");
    }

    @Override
    public Duration keepAlive(SlotKey slot, Instant idleSince, int rank) {
      return rank == 1 ? Duration.ofMinutes(10) : Duration.ofMinutes(1);
    }

    @Override
    public Optional<Instant> prewarmAt(SlotKey slot, Instant idleSince, int rank) {
      plannedFor.add(rank);
      return Optional.empty();
    }

    @Override
    public void onRunning(SlotKey slot, int n, Instant now) {
      running.add(n);
    }
  }

  final ByRank policy = new ByRank();
  final NodePool pool = new NodePool(new PoolConfig(new Resources(1024 * NodePoolTest.MB, 0), FreezePolicy.never(),
      Duration.ofSeconds(10), false), new LruEviction(), policy);

  long launch(long call) {
    return ((Action.Launch) pool.submit(call, a, now).getFirst()).container();
  }

  @Test
  void theExtraContainerOfABusySlotExpiresByItsRankAndTheFirstByRankOne() {
    long c1 = launch(1);
    long c2 = launch(2);
    pool.ready(c1, now);
    pool.ready(c2, now);
    now = now.plusSeconds(1);
    pool.finished(c1, true, now); // idles first: it would serve the second of two calls
    now = now.plusSeconds(1);
    pool.finished(c2, true, now); // idles last: the next call takes it
    pool.checkInvariants();
    assertThat(policy.running).containsExactly(1, 2, 1, 0);
    assertThat(pool.exactDeadline()).contains(now.minusSeconds(1).plus(Duration.ofMinutes(1)));
    now = now.plus(Duration.ofMinutes(1));
    assertThat(pool.tick(now)).containsExactly(new Action.Retire(c1, Action.RetireReason.EXPIRED));
    assertThat(policy.plannedFor).containsExactly(2);
    assertThat(pool.exactDeadline()).contains(now.minusSeconds(60).plus(Duration.ofMinutes(10))); // c2, idle since 2 s
    pool.checkInvariants();
  }

  @Test
  void aContainerMovesUpWhenOneAheadOfItLeavesAndKeepsItsRankWhileOthersRun() {
    long c1 = launch(1);
    long c2 = launch(2);
    pool.ready(c1, now);
    pool.ready(c2, now);
    pool.finished(c1, true, now);
    pool.finished(c2, true, now);
    assertThat(pool.submit(3, a, now)).containsExactly(new Action.Assign(3, c2, false, false));
    pool.checkInvariants(); // c1 is rank 2: one call runs, it is the first idle
    pool.exited(c2, now); // busy: nothing changes until its call ends
    pool.finished(c2, false, now);
    pool.checkInvariants(); // c1 is rank 1 now
    assertThat(policy.running).containsExactly(1, 2, 1, 0, 1, 0);
    assertThat(pool.exactDeadline()).contains(now.plus(Duration.ofMinutes(10)));
  }

  @Test
  void aContainerHandedStraightToAWaitingCallChangesNothingThePolicyIsTold() {
    long c1 = launch(1);
    pool.submit(2, a, now); // waits: one launch per waiting call, so a second container starts
    pool.ready(c1, now);
    pool.finished(c1, true, now.plusSeconds(1)); // call 2 takes c1 at once
    pool.checkInvariants();
    assertThat(policy.running).containsExactly(1);
  }
}
