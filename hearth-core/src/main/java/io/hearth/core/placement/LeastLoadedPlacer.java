package io.hearth.core.placement;

import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Power of two choices: of two available runners drawn at random, the less loaded is proposed —
 * fewer active calls, then more free memory. Two random choices avoid the herd that "always the
 * least loaded" causes when many lbs share a stale view, while keeping the load nearly even. When
 * it refuses, the walk goes on through the others in order from a random position.
 *
 * <p>Thread-safe when the random generator is (production passes a per-thread one).
 */
final class LeastLoadedPlacer implements Placer {
  static final Comparator<RunnerView> LOAD = Comparator.comparingInt(RunnerView::activeCalls)
      .thenComparing(Comparator.comparingLong(RunnerView::freeMemoryBytes).reversed());

  private final RandomGenerator random;

  LeastLoadedPlacer(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public Walk walk(long key, List<RunnerView> runners) {
    return new TwoChoices(runners, random);
  }

  private static final class TwoChoices implements Walk {
    private final List<RunnerView> runners;
    private final RandomGenerator random;
    private final BitSet offered = new BitSet();
    private int first = -1;
    private int step;

    TwoChoices(List<RunnerView> runners, RandomGenerator random) {
      this.runners = runners;
      this.random = random;
    }

    @Override
    public Optional<RunnerView> next() {
      int n = runners.size();
      if (n == 0) {
        return Optional.empty();
      }
      if (first < 0) {
        first = random.nextInt(n);
        int a = availableFrom(first);
        if (a < 0) {
          return Optional.empty();
        }
        int other = n == 1 ? first : (first + 1 + random.nextInt(n - 1)) % n; // a second, different draw
        int b = availableFrom(other);
        int pick = b >= 0 && LOAD.compare(runners.get(b), runners.get(a)) < 0 ? b : a;
        offered.set(pick);
        return Optional.of(runners.get(pick));
      }
      while (step < n) {
        int i = (first + step++) % n;
        if (!offered.get(i) && runners.get(i).available()) {
          offered.set(i);
          return Optional.of(runners.get(i));
        }
      }
      return Optional.empty();
    }

    /** The first available position at or after {@code from}, wrapping; -1 when none is. */
    private int availableFrom(int from) {
      int n = runners.size();
      for (int k = 0; k < n; k++) {
        int i = (from + k) % n;
        if (runners.get(i).available()) {
          return i;
        }
      }
      return -1;
    }
  }
}
