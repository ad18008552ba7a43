package io.hearth.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hearth.core.ledger.Resources;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final long GIB = 1L << 30;
  private static final Resources BIG = new Resources(16 * GIB, 8000, Map.of(Resources.GPU, 2L));

  static ClusterOffer offer(String node, long memory, long cpu) {
    return offer(node, new Resources(memory, cpu), Optional.of(BIG));
  }

  static ClusterOffer offer(String node, Resources available, Optional<Resources> capacity) {
    return new ClusterOffer(node + ".1", node, available, capacity, JsonNodeFactory.instance.objectNode());
  }

  private static List<String> order(Placement.Choice c) {
    assertThat(c).isInstanceOf(Placement.Choice.Candidates.class);
    return ((Placement.Choice.Candidates) c).inOrder().stream().map(ClusterOffer::nodeId).toList();
  }

  @Test
  void theClosestFitComesFirstByLeftoverMemoryThenCpu() {
    List<ClusterOffer> offers = List.of(offer("roomy", 8 * GIB, 4000), offer("snug", 2 * GIB, 4000),
        offer("snug-cpu", 2 * GIB, 1500), offer("small", GIB, 8000));
    Placement.Choice c = Placement.choose(offers, new Resources(2 * GIB, 1000), true, new Random(1));
    assertThat(order(c)).containsExactly("snug-cpu", "snug", "roomy");
  }

  @Test
  void offersThatDoNotHoldEveryResourceAreNoCandidates() {
    List<ClusterOffer> offers = List.of(offer("gpu", new Resources(4 * GIB, 2000, Map.of(Resources.GPU, 1L)),
        Optional.of(BIG)), offer("plain", 2 * GIB, 2000));
    Placement.Choice c = Placement.choose(offers, new Resources(GIB, 1000, Map.of(Resources.GPU, 1L)), true,
        new Random(1));
    assertThat(order(c)).containsExactly("gpu");
  }

  @Test
  void equalFitsAreSpreadAtRandom() {
    List<ClusterOffer> offers = List.of(offer("a", 4 * GIB, 2000), offer("b", 4 * GIB, 2000),
        offer("c", 4 * GIB, 2000), offer("worse", 8 * GIB, 2000));
    Random random = new Random(42);
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      List<String> order = order(Placement.choose(offers, new Resources(GIB, 500), true, random));
      firsts.add(order.getFirst());
      assertThat(order.getLast()).isEqualTo("worse");
    }
    assertThat(firsts).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void theSameRandomGivesTheSameOrder() {
    List<ClusterOffer> offers = List.of(offer("a", 4 * GIB, 2000), offer("b", 4 * GIB, 2000),
        offer("c", 4 * GIB, 2000));
    assertThat(order(Placement.choose(offers, new Resources(GIB, 500), true, new Random(7))))
        .isEqualTo(order(Placement.choose(offers, new Resources(GIB, 500), true, new Random(7))));
  }

  @Test
  void nothingFreeEnoughNowIsShortNamingTheResourceAndTheMostFree() {
    List<ClusterOffer> offers = List.of(offer("a", 2 * GIB, 4000), offer("b", 3 * GIB, 1000));
    Placement.Choice c = Placement.choose(offers, new Resources(4 * GIB, 500), true, new Random(1));
    assertThat(c).isInstanceOf(Placement.Choice.ShortNow.class);
    String m = ((Placement.Choice.ShortNow) c).message();
    assertThat(m).contains("memory_bytes (asked " + 4 * GIB + ", at most " + 3 * GIB + " free on one runner)")
        .doesNotContain("cpu_mcpus (");
  }

  @Test
  void eachResourceFreeSomewhereButNotTogetherSaysSo() {
    List<ClusterOffer> offers = List.of(offer("mem", 8 * GIB, 500), offer("cpu", GIB, 8000));
    Placement.Choice c = Placement.choose(offers, new Resources(4 * GIB, 4000), true, new Random(1));
    assertThat(((Placement.Choice.ShortNow) c).message()).contains("No single runner has all of");
  }

  @Test
  void noCapacityThatCouldEverHoldItIsNeverWhenEveryCapacityIsKnown() {
    List<ClusterOffer> offers = List.of(offer("a", 2 * GIB, 4000), offer("b", 3 * GIB, 1000));
    Resources huge = new Resources(64 * GIB, 1000);
    Placement.Choice c = Placement.choose(offers, huge, true, new Random(1));
    assertThat(c).isInstanceOf(Placement.Choice.NeverFits.class);
    assertThat(((Placement.Choice.NeverFits) c).message()).contains("No runner could ever hold memory_bytes "
        + 64 * GIB).contains("the largest has memory_bytes " + 16 * GIB);
  }

  @Test
  void withACapacityUnknownItIsOnlyShortNow() {
    Resources huge = new Resources(64 * GIB, 1000);
    List<ClusterOffer> unknown = List.of(offer("a", 2 * GIB, 4000),
        offer("b", new Resources(GIB, 1000), Optional.empty()));
    assertThat(Placement.choose(unknown, huge, true, new Random(1))).isInstanceOf(Placement.Choice.ShortNow.class);
    List<ClusterOffer> known = List.of(offer("a", 2 * GIB, 4000));
    assertThat(Placement.choose(known, huge, false, new Random(1)))
        .as("a runner that did not answer may be the big one").isInstanceOf(Placement.Choice.ShortNow.class);
    assertThat(Placement.choose(List.of(), huge, true, new Random(1))).isInstanceOf(Placement.Choice.ShortNow.class);
  }

  @Test
  void aNamedResourceNoRunnerHasIsNever() {
    List<ClusterOffer> offers = List.of(offer("a", 2 * GIB, 4000));
    Placement.Choice c = Placement.choose(offers, new Resources(GIB, 100, Map.of("fpga", 1L)), true, new Random(1));
    assertThat(c).isInstanceOf(Placement.Choice.NeverFits.class);
    assertThat(((Placement.Choice.NeverFits) c).message()).contains("fpga 1").contains("fpga 0");
  }
}
