package io.hearth.core.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

class PropertyRunTest {
  private static final Gen<List<Integer>> LISTS = SourceDSL.lists().of(Generate.range(0, 1000)).ofSizeBetween(1, 50);

  /** False once some element is 500 or more: falsified, and shrunk to one such element. */
  private static void allSmall(List<Integer> xs) {
    assertThat(xs).allMatch(x -> x < 500);
  }

  @Test
  void aFalsifiedPropertyReportsTheShrunkExampleTheSeedAndTheReplay() {
    PropertyRun run = PropertyRun.of(PropertyRunTest.class, 42);
    AssertionError e = catchThrowableOfType(AssertionError.class,
        () -> run.check(200, LISTS, PropertyRunTest::allSmall));
    assertThat(e).hasMessageContaining("PropertyRunTest falsified after")
        .hasMessageContaining("then to the 1 the failure needs: 1 step(s):\n  1. ")
        .hasMessageContaining("Seed 42; replay: ./mvnw -o -q test -pl hearth-core -Dtest=PropertyRunTest -DQT_SEED=42");
    assertThat(e.getCause()).isInstanceOf(AssertionError.class);
  }

  @Test
  void dropsTheStepsTheFailureDoesNotNeedAndKeepsTheOrderOfTheRest() {
    Gen<List<Integer>> digits = SourceDSL.lists().of(Generate.range(0, 9)).ofSizeBetween(1, 50);
    AssertionError e = catchThrowableOfType(AssertionError.class, () -> PropertyRun.of(PropertyRunTest.class, 11)
        .check(200, digits, xs -> assertThat(xs.indexOf(3) >= 0 && xs.lastIndexOf(7) > xs.indexOf(3)).isFalse()));
    assertThat(e).hasMessageContaining("then to the 2 the failure needs: 2 step(s):\n  1. 3\n  2. 7\n");
  }

  @Test
  void theSameSeedFalsifiesWithTheSameExample() {
    AssertionError first = catchThrowableOfType(AssertionError.class,
        () -> PropertyRun.of(PropertyRunTest.class, 7).check(200, LISTS, PropertyRunTest::allSmall));
    AssertionError again = catchThrowableOfType(AssertionError.class,
        () -> PropertyRun.of(PropertyRunTest.class, 7).check(200, LISTS, PropertyRunTest::allSmall));
    assertThat(again).hasMessage(first.getMessage());
  }

  @Test
  void aHoldingPropertyPassesAndCountsItsLabels() {
    PropertyRun run = PropertyRun.of(PropertyRunTest.class, 1);
    run.check(100, LISTS, xs -> run.collect(xs.size() > 25 ? "long" : "short"));
    assertThat(run.count("long") + run.count("short")).isBetween(1L, 100L);
    run.assertReached("long", "short");
  }

  @Test
  void aCaseNeverReachedFailsWithTheSeedAndTheReplay() {
    PropertyRun run = PropertyRun.of(PropertyRunTest.class, 3);
    run.check(50, LISTS, xs -> run.collect(xs.isEmpty() ? "empty" : "some"));
    assertThatThrownBy(() -> run.assertReached("some", "empty")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("over 50 examples the scenarios never reached [empty]")
        .hasMessageContaining("-DQT_SEED=3");
  }
}
