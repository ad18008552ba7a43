package io.hearth.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random scenarios on virtual time: after every event the pool's bookkeeping holds, and a model of
 * the shell checks every action it returns — resources never exceed capacity, every grant is
 * released exactly once, no container serves two calls at once, and no waiting call is forgotten.
 * A second set of scenarios runs with a keep-alive policy that plans prewarms and Greedy-Dual
 * eviction: a launch no call waits for is then legal too.
 */
class NodePoolScenarioTest {
  private static final List<SlotKey> SLOTS = List.of(
      NodePoolTest.slot("a", 64, 3), NodePoolTest.slot("b", 128, 10), NodePoolTest.slot("c", 256, 1),
      NodePoolTest.slot("d", 512, 30), NodePoolTest.slot("e", 128, 5));

  enum CallState { WAITING, ASSIGNED, DONE, REFUSED }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void invariantsHoldAfterEveryStep(long seed) {
    run(seed, new LruEviction(), KeepAlivePolicy.fixedPerFunction());
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40})
  void invariantsHoldWithPlannedPrewarmsAndGreedyDual(long seed) {
    Model model = run(seed, new GreedyDualPolicy(), new PlansAhead());
    assertThat(model.launchedAhead).as("the scenario exercised planned prewarms").isPositive();
  }

  @ParameterizedTest
  @ValueSource(longs = {41, 42, 43, 44, 45, 46, 47, 48, 49, 50})
  void invariantsHoldWithTheAdaptivePolicies(long seed) {
    AdaptiveKeepAlive learned = new AdaptiveKeepAlive(new AdaptiveKeepAlive.Settings(Duration.ofMinutes(15), 2,
        Duration.ofSeconds(3), 4, 0.10));
    run(seed, new AdaptiveEviction(learned), learned);
  }

  /**
   * Functions "a" and "c" are unloaded as soon as they go idle and started again 1 s later, then kept
   * 2 s; the others keep their idle_timeout.
   */
  static final class PlansAhead implements KeepAlivePolicy {
    @Override
    public Duration keepAlive(SlotKey slot, Instant idleSince) {
      return plans(slot) ? Duration.ZERO : Duration.ofSeconds(slot.idleTimeoutSecs());
    }

    @Override
    public Duration keepAlivePrewarmed(SlotKey slot, Instant readySince) {
      return Duration.ofSeconds(2);
    }

    @Override
    public java.util.Optional<Instant> prewarmAt(SlotKey slot, Instant idleSince) {
      return plans(slot) ? java.util.Optional.of(idleSince.plusSeconds(1)) : java.util.Optional.empty();
    }

    private static boolean plans(SlotKey slot) {
      return slot.fnId().equals("a") || slot.fnId().equals("c");
    }
  }

  private Model run(long seed, EvictionPolicy eviction, KeepAlivePolicy keepAlive) {
    Random random = new Random(seed);
    boolean nonBlocking = random.nextBoolean();
    FreezePolicy freeze = random.nextBoolean() ? FreezePolicy.after(Duration.ofMillis(50)) : FreezePolicy.never();
    NodePool pool = new NodePool(new PoolConfig(new Resources(1024L << 20, 0), freeze, Duration.ofSeconds(5), nonBlocking),
        eviction, keepAlive);
    Model model = new Model();
    Instant now = Instant.parse("2026-11-22T00:00:00Z");
    long nextCall = 1;
    for (int step = 0; step < 600; step++) {
      int op = random.nextInt(100);
      List<Action> actions;
      if (op < 30) {
        long call = nextCall++;
        SlotKey slot = SLOTS.get(random.nextInt(SLOTS.size()));
        model.calls.put(call, CallState.WAITING);
        model.slotOfCall.put(call, slot);
        actions = pool.submit(call, slot, now);
      } else if (op < 48 && !model.starting().isEmpty()) {
        long c = pick(random, model.starting());
        model.ready.add(c);
        actions = pool.ready(c, now);
      } else if (op < 52 && !model.starting().isEmpty()) {
        long c = pick(random, model.starting());
        model.retired.add(c); // its grant is released by the pool now
        model.failedLaunch.add(c);
        actions = pool.launchFailed(c, now);
      } else if (op < 75 && !model.busy.isEmpty()) {
        long c = pick(random, model.busy.keySet());
        model.calls.put(model.busy.remove(c), CallState.DONE);
        actions = pool.finished(c, random.nextInt(100) < 85, now);
      } else if (op < 78 && !model.live().isEmpty()) {
        actions = pool.exited(pick(random, model.live()), now);
      } else if (op < 81 && !model.waiting().isEmpty()) {
        long call = pick(random, model.waiting());
        model.calls.put(call, CallState.REFUSED);
        actions = pool.cancel(call);
      } else if (op < 95) {
        now = now.plusMillis(random.nextInt(1500));
        actions = pool.tick(now);
        model.countLaunchesAhead(actions);
      } else if (op < 97) {
        actions = pool.retireFunction(SLOTS.get(random.nextInt(SLOTS.size())).fnId(), now);
      } else if (op < 98) {
        actions = pool.prewarm(SLOTS.get(random.nextInt(SLOTS.size())), 1 + random.nextInt(2), now);
      } else {
        actions = pool.keepWarm(SLOTS.get(random.nextInt(SLOTS.size())), random.nextInt(3), now);
      }
      model.apply(actions);
      pool.checkInvariants();
      PoolSnapshot snap = pool.snapshot();
      assertThat(snap.used().memoryBytes()).isLessThanOrEqualTo(snap.capacity().memoryBytes());
      assertThat(snap.waiting()).isEqualTo(model.waiting().size());
    }
    // Let every started container come up and every call finish, then shut down.
    for (long c : model.starting()) {
      model.ready.add(c);
      model.apply(pool.ready(c, now));
    }
    while (!model.busy.isEmpty()) {
      long c = model.busy.keySet().iterator().next();
      model.calls.put(model.busy.remove(c), CallState.DONE);
      model.apply(pool.finished(c, true, now));
      for (long s : model.starting()) {
        model.ready.add(s);
        model.apply(pool.ready(s, now));
      }
    }
    model.apply(pool.shutdown());
    pool.checkInvariants();
    assertThat(model.waiting()).as("no waiting call is forgotten").isEmpty();
    assertThat(model.retired).as("every container retired").containsAll(model.launched);
    assertThat(pool.snapshot().used()).isEqualTo(Resources.ZERO);
    return model;
  }

  private static long pick(Random random, Set<Long> from) {
    List<Long> list = new ArrayList<>(from);
    list.sort(null);
    return list.get(random.nextInt(list.size()));
  }

  /** The shell as the pool's actions describe it. */
  static final class Model {
    final Map<Long, CallState> calls = new HashMap<>();
    final Set<Long> launched = new HashSet<>();
    final Set<Long> ready = new HashSet<>();
    final Set<Long> retired = new HashSet<>();
    final Set<Long> failedLaunch = new HashSet<>();
    final Map<Long, Long> busy = new HashMap<>();
    final Map<Long, SlotKey> slotOfCall = new HashMap<>();
    /** Launches made by a tick for a slot no call waited for: planned prewarms. */
    int launchedAhead;

    void countLaunchesAhead(List<Action> actions) {
      for (Action a : actions) {
        if (a instanceof Action.Launch l && waiting().stream().noneMatch(c -> slotOfCall.get(c).equals(l.slot()))) {
          launchedAhead++;
        }
      }
    }

    Set<Long> starting() {
      Set<Long> s = new HashSet<>(launched);
      s.removeAll(ready);
      s.removeAll(retired);
      return s;
    }

    Set<Long> live() {
      Set<Long> s = new HashSet<>(launched);
      s.removeAll(retired);
      return s;
    }

    Set<Long> waiting() {
      Set<Long> s = new HashSet<>();
      calls.forEach((k, v) -> {
        if (v == CallState.WAITING) {
          s.add(k);
        }
      });
      return s;
    }

    void apply(List<Action> actions) {
      for (Action a : actions) {
        switch (a) {
          case Action.Launch l -> assertThat(launched.add(l.container())).as("launched twice").isTrue();
          case Action.Assign as -> {
            assertThat(calls.get(as.call())).as("assigned call was waiting").isEqualTo(CallState.WAITING);
            assertThat(busy).as("container already serves a call").doesNotContainKey(as.container());
            assertThat(retired).doesNotContain(as.container());
            assertThat(launched).contains(as.container());
            ready.add(as.container());
            busy.put(as.container(), as.call());
            calls.put(as.call(), CallState.ASSIGNED);
          }
          case Action.Reject r -> {
            assertThat(calls.get(r.call())).isEqualTo(CallState.WAITING);
            calls.put(r.call(), CallState.REFUSED);
          }
          case Action.FailWithLaunch f -> {
            assertThat(calls.get(f.call())).isEqualTo(CallState.WAITING);
            assertThat(failedLaunch).contains(f.container());
            calls.put(f.call(), CallState.REFUSED);
          }
          case Action.Retire r -> {
            assertThat(launched).contains(r.container());
            assertThat(busy).as("retired while serving").doesNotContainKey(r.container());
            assertThat(retired.add(r.container()) || failedLaunch.contains(r.container()))
                .as("grant released twice").isTrue();
            assertThat(failedLaunch).as("a failed launch is not retired again").doesNotContain(r.container());
          }
          case Action.Freeze f -> {
            assertThat(busy).doesNotContainKey(f.container());
            assertThat(retired).doesNotContain(f.container());
          }
        }
      }
    }
  }
}
