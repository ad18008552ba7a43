package io.hearth.bench.jmh;

import io.hearth.core.placement.Placer;
import io.hearth.core.placement.RunnerView;
import io.hearth.core.pool.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An lb's placement decision with 10, 100 and 1000 runners, for each placer (issue 5's target:
 * at most 1 us at 1000 runners for consistent hashing). {@code propose} is the decision itself:
 * the placer's walk over a view and its first proposal, for keys that change every call.
 * {@code copyViewAndPropose} adds what the lb also does per call today: {@code RunnerPool.view()}
 * copies every runner's view (O(n)) before the placer sees it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PlacementBench {
  /** Keys cycled through: more than the runners, so every position gets proposals. */
  private static final int KEYS = 4096;

  @Param({"10", "100", "1000"})
  public int runners;

  @Param({"ch", "naive", "least-loaded"})
  public String placer;

  Placer chosen;
  List<RunnerView> view;
  long[] keys;
  int next;

  @Setup
  public void setup() {
    chosen = Placer.named(placer, ThreadLocalRandom.current()); // as the lb makes it
    SplittableRandom random = new SplittableRandom(7);
    view = new ArrayList<>(runners);
    for (int i = 0; i < runners; i++) {
      // a few holes, and loads that differ, as a real view has
      boolean available = i % 17 != 16;
      view.add(new RunnerView("runner-" + i, available, random.nextInt(8),
          new Resources(8L << 30, 8000), new Resources(random.nextLong(8L << 30), random.nextInt(8000))));
    }
    view = List.copyOf(view);
    keys = new long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = random.nextLong();
    }
  }

  @Benchmark
  public RunnerView propose() {
    long key = keys[next++ & (KEYS - 1)];
    return chosen.walk(key, view).next().orElseThrow();
  }

  @Benchmark
  public RunnerView copyViewAndPropose() {
    long key = keys[next++ & (KEYS - 1)];
    List<RunnerView> copy = new ArrayList<>(view.size());
    for (RunnerView r : view) {
      copy.add(new RunnerView(r.id(), r.available(), r.activeCalls(), r.capacity(), r.used()));
    }
    return chosen.walk(key, copy).next().orElseThrow();
  }
}
