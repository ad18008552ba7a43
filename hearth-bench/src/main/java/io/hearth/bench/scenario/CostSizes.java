package io.hearth.bench.scenario;

import java.util.List;

/**
 * Sizes of issue 16's scenarios ({@code cost}, {@code footprint}), apart from {@link Sizes} so that
 * they can grow on their own.
 *
 * @param levels       client counts of the cost scenario's warm phases
 * @param containers   containers its node may hold (its memory cap): clients beyond them queue
 * @param idleFns      functions on the footprint scenario's crowded node
 * @param idleWarm     warm containers it holds (one each for the first functions)
 */
public record CostSizes(List<Integer> levels, int containers, int idleFns, int idleWarm) {
  /** Most clients of a cost level: each is a platform thread with its connection. */
  public static final int MAX_LEVEL = 512;
  /** Every warm container is a JVM: 128 MB of limit each, a few tens of MB used. */
  public static final int MAX_WARM = 1000;

  public CostSizes {
    levels = List.copyOf(levels);
    if (levels.isEmpty() || levels.stream().anyMatch(n -> n < 1 || n > MAX_LEVEL) || containers < 1
        || containers > 256 || idleFns < 1 || idleFns > 10_000 || idleWarm < 1 || idleWarm > MAX_WARM
        || idleWarm > idleFns) {
      throw new IllegalArgumentException("cost sizes out of range (levels 1.." + MAX_LEVEL + ", 1..256 containers, "
          + "1..10000 functions, 1.." + MAX_WARM + " warm containers, no more warm containers than functions): "
          + levels + ", " + containers + ", " + idleFns + ", " + idleWarm);
    }
  }

  /**
   * The real run on 2 cores and 24 GiB: 1 to 256 clients on 16 containers; 1,000 functions with
   * 100 warm containers (the 500 fit a bigger machine: {@code --idle-warm 500}).
   */
  public static CostSizes defaults() {
    return new CostSizes(List.of(1, 16, 64, 256), 16, 1000, 100);
  }

  /** CI: two small levels, a handful of functions and containers. */
  public static CostSizes smoke() {
    return new CostSizes(List.of(1, 4), 2, 10, 2);
  }
}
