package io.hearth.core.property;

import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

/**
 * One run of a property test over scenarios of steps. QuickTheories generates the examples from one
 * seed and shrinks a failing one by its values; then, since it cannot drop a step from the middle of a
 * list, this class drops every step the failure does not need, one at a time. Every failure — a
 * falsified scenario or a case the scenarios never reached — names the seed and the command that
 * replays it. The seed is {@code -DQT_SEED} when given (QuickTheories' own property), else a fresh
 * one per run, so runs keep exploring new scenarios. Labels counted with {@link #collect} stand in
 * for the statistics jqwik kept: {@link #assertReached} fails when a run never reached an interesting
 * case. Not thread-safe: one test method owns one run.
 */
public final class PropertyRun {
  /** QuickTheories' value shrinking, bounded so a failing 80-step scenario reports in seconds. */
  private static final int SHRINK_CYCLES = 1_000;
  /** Property runs spent dropping steps: a few passes over 120 steps. */
  private static final int DROP_RUNS = 1_000;

  private final Class<?> test;
  private final long seed;
  private final Map<String, Long> counts = new TreeMap<>();
  private int examples;

  private PropertyRun(Class<?> test, long seed) {
    this.test = test;
    this.seed = seed;
  }

  /** A run of {@code test}'s property on {@code -DQT_SEED}, or on a fresh seed. */
  public static PropertyRun of(Class<?> test) {
    String given = System.getProperty("QT_SEED");
    long seed = given != null ? Long.parseLong(given.strip()) : ThreadLocalRandom.current().nextLong();
    return new PropertyRun(test, seed);
  }

  /** A run on a seed the caller chose. */
  public static PropertyRun of(Class<?> test, long seed) {
    return new PropertyRun(test, seed);
  }

  public long seed() {
    return seed;
  }

  /** What a person runs to see this run again, failure included. */
  public String replay() {
    return "./mvnw -o -q test -pl hearth-core -Dtest=" + test.getSimpleName() + " -DQT_SEED=" + seed;
  }

  /**
   * Checks {@code property} on {@code examples} scenarios of {@code gen}; throws an AssertionError
   * naming the smallest falsifying scenario found, the seed and the replay command, caused by the
   * check that scenario failed.
   */
  public <S> void check(int examples, Gen<List<S>> gen, Consumer<List<S>> property) {
    check(examples, gen, steps -> steps, (steps, fewer) -> fewer, property);
  }

  /** As {@link #check(int, Gen, Consumer)}, for an example that holds its steps with other values. */
  public <T, S> void check(int examples, Gen<T> gen, Function<T, List<S>> steps, BiFunction<T, List<S>, T> withSteps,
      Consumer<T> property) {
    this.examples = examples;
    qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(SHRINK_CYCLES)
        .withReporter(new Report<>(steps, withSteps, property)).forAll(gen).checkAssert(property);
  }

  /** Counts one reaching of {@code label} (shrinking a failure counts too; a failure ends the run). */
  public void collect(String label) {
    counts.merge(label, 1L, Long::sum);
  }

  public long count(String label) {
    return counts.getOrDefault(label, 0L);
  }

  /** Fails unless every label was collected at least once over the run. */
  public void assertReached(String... labels) {
    List<String> missed = List.of(labels).stream().filter(l -> count(l) == 0).toList();
    if (!missed.isEmpty()) {
      throw new AssertionError("over " + examples + " examples the scenarios never reached " + missed
          + " (reached: " + counts + "); the generators no longer exercise those cases."
          + "\nSeed " + seed + "; replay: " + replay());
    }
  }

  /** A scenario's steps one a line, numbered from 1, for a failure report. */
  public static String steps(List<?> steps) {
    StringBuilder b = new StringBuilder().append(steps.size()).append(" step(s):");
    for (int i = 0; i < steps.size(); i++) {
      b.append("\n  ").append(i + 1).append(". ").append(steps.get(i));
    }
    return b.toString();
  }

  /** What a failed example failed with, or null when it held. */
  private static <T> Throwable failure(Consumer<T> property, T example) {
    try {
      property.accept(example);
      return null;
    } catch (AssertionError | RuntimeException e) {
      return e;
    }
  }

  /** Drops the steps the failure does not need, and reports the scenario left with the seed and the replay. */
  private final class Report<T, S> implements Reporter {
    private final Function<T, List<S>> steps;
    private final BiFunction<T, List<S>, T> withSteps;
    private final Consumer<T> property;

    Report(Function<T, List<S>> steps, BiFunction<T, List<S>, T> withSteps, Consumer<T> property) {
      this.steps = steps;
      this.withSteps = withSteps;
      this.property = property;
    }

    @Override
    public void falisification(long usedSeed, int examplesUsed, Object smallest, Throwable cause, List<Object> others,
        AsString<Object> asString) {
      @SuppressWarnings("unchecked") // QuickTheories hands back the value of the Gen<T> it checked
      T example = (T) smallest;
      int shrunk = steps.apply(example).size();
      Throwable failed = cause;
      int runs = 0;
      for (boolean dropped = true; dropped && runs < DROP_RUNS; ) {
        dropped = false;
        List<S> left = steps.apply(example);
        for (int i = left.size() - 1; i >= 0 && runs < DROP_RUNS; i--, runs++) { // from the end: earlier indices stay
          List<S> fewer = new ArrayList<>(left);
          fewer.remove(i);
          T candidate = withSteps.apply(example, List.copyOf(fewer));
          Throwable t = failure(property, candidate);
          if (t != null) {
            example = candidate;
            left = fewer;
            failed = t;
            dropped = true;
          }
        }
      }
      throw new AssertionError(test.getSimpleName() + " falsified after " + examplesUsed + " example(s). Shrunk to "
          + shrunk + " step(s), then to the " + steps.apply(example).size() + " the failure needs: "
          + (example instanceof List<?> list ? steps(list) : example)
          + "\n(" + others.size() + " other falsifying example(s) seen while shrinking.)"
          + "\nSeed " + usedSeed + "; replay: " + replay()
          + "\nThe cause below is the first check this scenario failed.", failed);
    }

    @Override
    public void falisification(long usedSeed, int examplesUsed, Object smallest, List<Object> others,
        AsString<Object> asString) {
      throw new AssertionError(test.getSimpleName() + " falsified after " + examplesUsed + " example(s): "
          + asString.asString(smallest) + "\nSeed " + usedSeed + "; replay: " + replay());
    }

    @Override
    public void valuesExhausted(int found) {
      throw new AssertionError("gave up after " + found + " examples met the assumptions; seed " + seed
          + "; replay: " + replay());
    }
  }
}
