package io.hearth.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Consistent hashing's promises, checked as properties over many random keys: a function stays on
 * one runner, a runner joining at the end takes about 1/N of the functions and only from others, a
 * runner leaving gives up only its own, and a walk offers every available runner once.
 */
class ConsistentHashPlacerTest {
  private static final int KEYS = 20_000;
  private final Placer placer = Placer.consistentHash();

  static List<RunnerView> runners(int n) {
    List<RunnerView> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(RunnerView.of("r" + i));
    }
    return out;
  }

  static long[] keys(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = random.nextLong();
    }
    return keys;
  }

  private String first(long key, List<RunnerView> view) {
    return placer.walk(key, view).next().orElseThrow().id();
  }

  @Test
  void aFunctionAlwaysGoesToTheSameRunner() {
    List<RunnerView> view = runners(5);
    for (long key : keys(1)) {
      assertThat(first(key, view)).isEqualTo(first(key, List.copyOf(view)));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 8, 10, 20, 50})
  void addingOneRunnerToNMovesAboutOneNthOfTheFunctionsAndOnlyToIt(int n) {
    List<RunnerView> before = runners(n);
    List<RunnerView> after = runners(n + 1);
    int moved = 0;
    for (long key : keys(n)) {
      String was = first(key, before);
      String is = first(key, after);
      if (!was.equals(is)) {
        moved++;
        assertThat(is).as("a moved function goes to the new runner").isEqualTo("r" + n);
      }
    }
    double expected = (double) KEYS / (n + 1);
    // Binomial(KEYS, 1/(n+1)): 5 standard deviations either side.
    double sd = Math.sqrt(KEYS * (1.0 / (n + 1)) * (1 - 1.0 / (n + 1)));
    assertThat((double) moved).isBetween(expected - 5 * sd, expected + 5 * sd);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 4})
  void aRunnerLeavingGivesUpOnlyItsOwnFunctionsToTheNextRunner(int leaving) {
    List<RunnerView> before = runners(5);
    List<RunnerView> after = new ArrayList<>(before);
    after.set(leaving, before.get(leaving).unavailable());
    int mine = 0;
    for (long key : keys(leaving + 100)) {
      String was = first(key, before);
      String is = first(key, after);
      if (was.equals("r" + leaving)) {
        mine++;
        assertThat(is).isEqualTo("r" + ((leaving + 1) % 5));
      } else {
        assertThat(is).isEqualTo(was);
      }
    }
    assertThat(mine).isBetween(KEYS / 5 - 600, KEYS / 5 + 600);
  }

  @Test
  void aRejoiningRunnerGetsItsFunctionsBack() {
    List<RunnerView> view = runners(4);
    List<RunnerView> gone = new ArrayList<>(view);
    gone.set(2, view.get(2).unavailable());
    List<RunnerView> back = new ArrayList<>(gone);
    back.set(2, RunnerView.of("r2")); // registered again, a new view of the same id
    int its = 0;
    for (long key : keys(8)) {
      String before = first(key, view);
      String meanwhile = first(key, gone);
      assertThat(meanwhile).as("nothing goes to a runner that has left").isNotEqualTo("r2");
      if (before.equals("r2")) {
        its++;
      } else {
        assertThat(meanwhile).as("the others keep theirs while it is away").isEqualTo(before);
      }
      assertThat(first(key, back)).as("back in its place: the same runner as before it left").isEqualTo(before);
    }
    assertThat(its).as("functions the rejoining runner had and gets back").isBetween(KEYS / 4 - 500, KEYS / 4 + 500);
  }

  @Test
  void keysSpreadEvenlyOverRunners() {
    List<RunnerView> view = runners(4);
    int[] counts = new int[4];
    for (long key : keys(3)) {
      counts[Integer.parseInt(first(key, view).substring(1))]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(KEYS / 4 - 500, KEYS / 4 + 500);
    }
  }

  @Test
  void aWalkOffersEveryAvailableRunnerOnceStartingAtTheProposalAndWrapping() {
    List<RunnerView> view = new ArrayList<>(runners(6));
    view.set(3, view.get(3).unavailable());
    for (long key : keys(5)) {
      Walk walk = placer.walk(key, view);
      List<String> order = new ArrayList<>();
      for (Optional<RunnerView> r = walk.next(); r.isPresent(); r = walk.next()) {
        order.add(r.get().id());
      }
      assertThat(order).hasSize(5).doesNotContain("r3");
      assertThat(new HashSet<>(order)).hasSize(5);
      int start = Integer.parseInt(order.get(0).substring(1));
      int expectedSecond = (start + 1) % 6 == 3 ? 4 : (start + 1) % 6;
      assertThat(order.get(1)).isEqualTo("r" + expectedSecond);
      assertThat(walk.next()).isEmpty();
      if (key % 500 == 0) {
        break;
      }
    }
  }

  @Test
  void noRunnersOrNoneAvailableMeansAnEmptyWalk() {
    assertThat(placer.walk(42, List.of()).next()).isEmpty();
    List<RunnerView> allGone = runners(3).stream().map(RunnerView::unavailable).toList();
    assertThat(placer.walk(42, allGone).next()).isEmpty();
  }

  @Test
  void differentFunctionsLandOnDifferentRunners() {
    List<RunnerView> view = runners(3);
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      used.add(first(keys(11)[i], view));
    }
    assertThat(used).hasSize(3);
  }
}
