package io.hearth.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.ledger.Resources;
import io.hearth.core.slot.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The naive and least-loaded placers, placement keys and the placer's timing rules. */
class OtherPlacersTest {

  private static List<String> drain(Walk walk) {
    List<String> out = new ArrayList<>();
    for (Optional<RunnerView> r = walk.next(); r.isPresent(); r = walk.next()) {
      out.add(r.get().id());
    }
    return out;
  }

  @Test
  void naiveRotatesTheFirstRunnerWhateverTheKey() {
    Placer placer = Placer.naive(new SplittableRandom(1));
    List<RunnerView> view = ConsistentHashPlacerTest.runners(3);
    int[] counts = new int[3];
    String previous = null;
    for (int i = 0; i < 300; i++) {
      String first = placer.walk(7, view).next().orElseThrow().id();
      counts[Integer.parseInt(first.substring(1))]++;
      assertThat(first).isNotEqualTo(previous);
      previous = first;
    }
    assertThat(counts).containsExactly(100, 100, 100);
  }

  @Test
  void naiveWalksOnThroughEveryAvailableRunner() {
    Placer placer = Placer.naive(new SplittableRandom(2));
    List<RunnerView> view = new ArrayList<>(ConsistentHashPlacerTest.runners(4));
    view.set(1, view.get(1).unavailable());
    assertThat(drain(placer.walk(0, view))).hasSize(3).doesNotContain("r1").doesNotHaveDuplicates();
  }

  private static RunnerView loaded(String id, int active, long freeMb) {
    return new RunnerView(id, true, active, new Resources(1024L << 20, 0), new Resources((1024 - freeMb) << 20, 0));
  }

  @Test
  void leastLoadedProposesTheLessLoadedOfTwoChoices() {
    Placer placer = Placer.leastLoaded(new SplittableRandom(3));
    List<RunnerView> view = List.of(loaded("busy", 10, 512), loaded("idle", 0, 512));
    for (int i = 0; i < 100; i++) {
      assertThat(placer.walk(i, view).next().orElseThrow().id()).isEqualTo("idle");
    }
    List<RunnerView> tie = List.of(loaded("full", 2, 0), loaded("roomy", 2, 900));
    assertThat(placer.walk(0, tie).next().orElseThrow().id()).isEqualTo("roomy");
  }

  @Test
  void leastLoadedNeverProposesTheMostLoadedOfManyAndSpreadsOverTheRest() {
    Placer placer = Placer.leastLoaded(new SplittableRandom(4));
    List<RunnerView> view = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      view.add(loaded("r" + i, i == 4 ? 50 : 1, 512));
    }
    HashSet<String> firsts = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      firsts.add(placer.walk(i, view).next().orElseThrow().id());
    }
    assertThat(firsts).containsExactlyInAnyOrder("r0", "r1", "r2", "r3");
  }

  @Test
  void leastLoadedWalksThroughEveryAvailableRunnerOnce() {
    Placer placer = Placer.leastLoaded(new SplittableRandom(5));
    List<RunnerView> view = new ArrayList<>(ConsistentHashPlacerTest.runners(7));
    view.set(2, view.get(2).unavailable());
    view.set(5, view.get(5).unavailable());
    for (int i = 0; i < 50; i++) {
      assertThat(drain(placer.walk(i, view))).hasSize(5).doesNotHaveDuplicates().doesNotContain("r2", "r5");
    }
    assertThat(drain(placer.walk(0, List.of()))).isEmpty();
    assertThat(drain(placer.walk(0, List.of(RunnerView.of("x").unavailable())))).isEmpty();
  }

  @Test
  void placersAreNamedAsInTheSettings() {
    SplittableRandom r = new SplittableRandom(6);
    assertThat(Placer.named("ch", r)).isInstanceOf(ConsistentHashPlacer.class);
    assertThat(Placer.named("Consistent-Hash", r)).isInstanceOf(ConsistentHashPlacer.class);
    assertThat(Placer.named("naive", r)).isInstanceOf(NaivePlacer.class);
    assertThat(Placer.named("least-loaded", r)).isInstanceOf(LeastLoadedPlacer.class);
    assertThatThrownBy(() -> Placer.named("random", r)).hasMessageContaining("unknown placer 'random'")
        .hasMessageContaining("ch (consistent hash)");
  }

  @Test
  void placementKeysFollowTheSlotKey() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    App app = new App("A1", "shop", Map.of(), Map.of(), null, null, t, t);
    Fn fn = new Fn("F1", "cart", "A1", "img:1", 128, 30, 30, Map.of(), Map.of(), null, t, t);
    Fn other = new Fn("F2", "cart", "A1", "img:1", 128, 30, 30, Map.of(), Map.of(), null, t, t);
    Fn bigger = new Fn("F1", "cart", "A1", "img:1", 256, 30, 30, Map.of(), Map.of(), null, t, t);
    long key = PlacementKey.of(SlotKey.of(app, fn));
    assertThat(PlacementKey.of(SlotKey.of(app, fn))).isEqualTo(key);
    assertThat(PlacementKey.of(SlotKey.of(app, other))).isNotEqualTo(key);
    assertThat(PlacementKey.of(SlotKey.of(app, bigger))).isNotEqualTo(key);
  }

  @Test
  void theDeadlineDependsOnDetachedAndARetryMustFitBeforeIt() {
    PlacerConfig c = new PlacerConfig(Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(5));
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(c.deadline(t, false)).isEqualTo(t.plusSeconds(30));
    assertThat(c.deadline(t, true)).isEqualTo(t.plusSeconds(5));
    assertThat(c.retryBefore(t, t.plusMillis(11))).isTrue();
    assertThat(c.retryBefore(t, t.plusMillis(10))).isFalse();
    assertThat(PlacerConfig.DEFAULTS.retryAllDelay()).isEqualTo(Duration.ofMillis(10));
    assertThatThrownBy(() -> new PlacerConfig(Duration.ofMillis(-1), Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
