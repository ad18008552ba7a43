package io.hearth.core.placement;

import com.google.common.hash.Hashing;
import java.util.List;
import java.util.Optional;

/**
 * Sends each function's calls to one runner, where its containers are warm: Guava's jump
 * consistent hash of the call's key over the stable order picks a position, and a refusal walks
 * on to the next positions, wrapping around. Unavailable runners (holes) count as positions, so a
 * runner leaving moves only its own functions (to the next runner in the order), and a runner
 * joining at the end takes about 1/N of the functions from the others, no more.
 *
 * <p>Stateless and thread-safe. Cost: O(log n) for the proposal, then one step per refusal.
 */
final class ConsistentHashPlacer implements Placer {

  @Override
  public Walk walk(long key, List<RunnerView> runners) {
    int n = runners.size();
    int start = n == 0 ? 0 : Hashing.consistentHash(key, n);
    return new Ring(runners, start);
  }

  /** The positions from {@code start} onward, wrapping, skipping unavailable runners. */
  static final class Ring implements Walk {
    private final List<RunnerView> runners;
    private final int start;
    private int step;

    Ring(List<RunnerView> runners, int start) {
      this.runners = runners;
      this.start = start;
    }

    @Override
    public Optional<RunnerView> next() {
      int n = runners.size();
      while (step < n) {
        RunnerView r = runners.get((start + step++) % n);
        if (r.available()) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }
}
