package io.hearth.bench.jmh;

import io.hearth.core.placement.Placer;
import io.hearth.core.placement.RunnerView;
import io.hearth.core.ledger.Resources;
import io.hearth.lb.RunnerViews;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * the placer's walk over a plain list of views and its first proposal, for keys that change every
 * call. {@code viewAndPropose} is what the lb does per call: it reads {@code RunnerPool.view()}
 * (a volatile read of the {@link RunnerViews} the pool last published; the lb's in-flight counts
 * read through for the runners the placer looks at), walks it, and looks the proposed runner up
 * by id (as {@code RunnerPool.member}: an immutable map read without a lock).
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
  /** As {@code RunnerPool} publishes it: read through a volatile field on every call. */
  volatile RunnerViews published;
  /** As {@code RunnerPool}'s members by id; the values stand in for its members. */
  volatile Map<String, Object> members;
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
    List<AtomicInteger> inflight = new ArrayList<>(runners);
    Map<String, Object> byId = new HashMap<>();
    for (int i = 0; i < runners; i++) {
      // the lb's own calls: mostly within what the runner reported, some above it
      inflight.add(new AtomicInteger(i % 5 == 0 ? 9 : 0));
      byId.put(view.get(i).id(), new Object());
    }
    published = RunnerViews.of(view, inflight);
    members = Map.copyOf(byId);
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
  public RunnerView viewAndPropose() {
    long key = keys[next++ & (KEYS - 1)];
    RunnerView proposed = chosen.walk(key, published).next().orElseThrow();
    return members.get(proposed.id()) != null ? proposed : null;
  }
}
