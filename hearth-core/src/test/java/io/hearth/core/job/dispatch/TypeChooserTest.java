package io.hearth.core.job.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.ledger.Resources;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TypeChooserTest {
  private static final long GI = 1L << 30;
  private static final long MI = 1L << 20;

  static InstanceType type(String name, int vcpus, long ram, long scratch, int gpus, String price, boolean spot) {
    return new InstanceType(name, vcpus, ram, scratch, gpus, new BigDecimal(price), spot);
  }

  private static final NodeClasses CLASSES = NodeClasses.configured(List.of(
      type("small", 2, 4 * GI, 50 * GI, 0, "0.10", false),
      type("small-spot", 2, 4 * GI, 50 * GI, 0, "0.03", true),
      type("medium", 4, 8 * GI, 100 * GI, 0, "0.14", false),
      type("wide", 8, 8 * GI, 100 * GI, 0, "0.15", false),
      type("large", 8, 16 * GI, 200 * GI, 0, "0.40", false),
      type("gpu", 8, 61 * GI, 200 * GI, 1, "0.90", false)));

  /** 256 MiB of overhead, the default price factor. */
  private static final TypeChooser CHOOSER = new TypeChooser(256 * MI, TypeChooser.DEFAULT_PRICE_FACTOR);

  @ParameterizedTest(name = "{0} vcpus, {1} MiB, {2} GiB scratch, {3} gpus, preemptible {4} -> {5}")
  @CsvSource(delimiter = '|', textBlock = """
      # vcpus | ram MiB | scratch GiB | gpus | preemptible | eligible, cheapest first
        1     | 512     | 1           | 0    | false       | small medium wide
        2     | 3500    | 50          | 0    | false       | small medium wide
      # 3635 MiB + 256 overhead = 3891, / 0.95 = 4096 (rounded up): still fits 4 GiB
        2     | 3635    | 0           | 0    | false       | small medium wide
      # one MiB more and the 0.95 rule moves it to the next class up
        2     | 3636    | 0           | 0    | false       | medium wide
        3     | 512     | 0           | 0    | false       | medium wide
        2     | 512     | 51          | 0    | false       | medium wide
        5     | 512     | 0           | 0    | false       | wide
      # 0.40 * 1.5 = 0.60: gpu at 0.90 is too dear to be eligible
        8     | 9000    | 0           | 0    | false       | large
        1     | 512     | 0           | 1    | false       | gpu
      # preemptible matches exactly: only the spot type, never an on-demand one
        1     | 512     | 0           | 0    | true        | small-spot
        3     | 512     | 0           | 0    | true        | -
        9     | 512     | 0           | 0    | false       | -
        1     | 70000   | 0           | 0    | false       | -
        1     | 512     | 0           | 2    | false       | -
      """)
  void choosesTheCheapestFitAndEveryFitUpToOneAndAHalfTimesItsPrice(int vcpus, long ramMi, long scratchGi, int gpus,
      boolean preemptible, String expected) {
    TypeChoice choice = CHOOSER.choose(CLASSES, new Constraints(vcpus, ramMi * MI, scratchGi * GI, gpus), preemptible);
    if (expected.equals("-")) {
      assertThat(choice).isEqualTo(new TypeChoice.Unsatisfiable(
          "constraints not satisfiable by any configured instance type"));
    } else {
      assertThat(choice).isInstanceOfSatisfying(TypeChoice.Eligible.class, e -> assertThat(
          e.types().stream().map(InstanceType::name).toList()).containsExactly(expected.split(" ")));
    }
  }

  @Test
  void equalPricesGoFewerCpusFirstThenLessMemoryThenName() {
    NodeClasses same = NodeClasses.configured(List.of(type("b", 4, 8 * GI, 0, 0, "0.2", false),
        type("a", 4, 8 * GI, 0, 0, "0.2", false), type("c", 2, 8 * GI, 0, 0, "0.2", false),
        type("d", 4, 4 * GI, 0, 0, "0.2", false)));
    TypeChoice choice = CHOOSER.choose(same, new Constraints(1, MI, 0, 0), false);
    assertThat(((TypeChoice.Eligible) choice).types().stream().map(InstanceType::name)).containsExactly("c", "d", "a",
        "b");
  }

  @Test
  void aFactorOfOneMakesOnlyTheCheapestPriceEligible() {
    TypeChooser strict = new TypeChooser(0, BigDecimal.ONE);
    TypeChoice choice = strict.choose(CLASSES, new Constraints(1, MI, 0, 0), false);
    assertThat(((TypeChoice.Eligible) choice).types().stream().map(InstanceType::name)).containsExactly("small");
  }

  @Test
  void noConfiguredTypeMeansNothingIsSatisfiable() {
    assertThat(CHOOSER.choose(NodeClasses.configured(List.of()), new Constraints(1, MI, 0, 0), false))
        .isInstanceOf(TypeChoice.Unsatisfiable.class);
  }

  @Test
  void anAllInOneNodeIsOneImplicitTypeOfItsCapacityWithoutTheDiscountOrPreemptibleMatching() {
    NodeClasses node = NodeClasses.allInOne(new Resources(8 * GI, 4000, Map.of(Resources.DISK, 100 * GI)));
    InstanceType only = node.types().getFirst();
    assertThat(only).isEqualTo(new InstanceType("all-in-one", 4, 8 * GI, 100 * GI, 0, BigDecimal.ZERO, false));
    // the whole node minus the overhead fits: its memory is measured, not advertised
    assertThat(CHOOSER.choose(node, new Constraints(4, 8 * GI - 256 * MI, 100 * GI, 0), true))
        .isEqualTo(new TypeChoice.Eligible(List.of(only)));
    assertThat(CHOOSER.choose(node, new Constraints(4, 8 * GI - 256 * MI + 1, 0, 0), false))
        .isInstanceOf(TypeChoice.Unsatisfiable.class);
    assertThat(CHOOSER.choose(node, new Constraints(5, MI, 0, 0), false)).isInstanceOf(TypeChoice.Unsatisfiable.class);
  }

  @Test
  void aNodeThatDoesNotAccountCpuCountsAsOneCpu() {
    assertThat(NodeClasses.allInOne(new Resources(GI, 0)).types().getFirst().vcpus()).isEqualTo(1);
  }
}
