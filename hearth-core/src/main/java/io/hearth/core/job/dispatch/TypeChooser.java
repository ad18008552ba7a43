package io.hearth.core.job.dispatch;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the node classes a job may run on, as SEMANTICS.md A says: the job's memory plus a fixed
 * overhead, divided by 0.95 (advertised memory figures are optimistic; rounded up), must fit the
 * type's memory, its CPUs, scratch and GPUs the type's, and its preemptible flag must equal the
 * type's. The cheapest such type is the cheapest fit; every fitting type priced at most
 * {@code maxPriceFactor} times it is eligible too, cheapest first (ties: fewer CPUs, less memory,
 * then name), so a dispatcher can use a pricier class when the cheapest has no room. Pure.
 *
 * @param overheadBytes  added to every job's memory: what the exec's container and its log buffers
 *                       use beside the job's own process
 * @param maxPriceFactor how much pricier than the cheapest fit an eligible type may be, at least 1
 */
public record TypeChooser(long overheadBytes, BigDecimal maxPriceFactor) {
  /** Arvados's MaximumPriceFactor: a class half again as dear is still worth it over waiting. */
  public static final BigDecimal DEFAULT_PRICE_FACTOR = new BigDecimal("1.5");
  /** The share of a type's advertised memory a job may count on. */
  private static final long USABLE_PERCENT = 95;

  static final Comparator<InstanceType> CHEAPEST_FIRST = Comparator.comparing(InstanceType::price)
      .thenComparingInt(InstanceType::vcpus).thenComparingLong(InstanceType::ramBytes)
      .thenComparing(InstanceType::name);

  public TypeChooser {
    Objects.requireNonNull(maxPriceFactor, "maxPriceFactor");
    if (overheadBytes < 0) {
      throw new IllegalArgumentException("overhead cannot be negative: " + overheadBytes);
    }
    if (maxPriceFactor.compareTo(BigDecimal.ONE) < 0) {
      throw new IllegalArgumentException("the price factor must be at least 1, not " + maxPriceFactor);
    }
  }

  /** The types of {@code classes} a job of {@code need} (preemptible or not) may run on. */
  public TypeChoice choose(NodeClasses classes, Constraints need, boolean preemptible) {
    long needRam = Math.addExact(need.ramBytes(), overheadBytes);
    long advertisedRam = classes.implicit() ? needRam : ceilDiv(Math.multiplyExact(needRam, 100), USABLE_PERCENT);
    List<InstanceType> fits = classes.types().stream()
        .filter(t -> t.vcpus() >= need.vcpus() && t.ramBytes() >= advertisedRam
            && t.scratchBytes() >= need.scratchBytes() && t.gpus() >= need.gpus()
            && (classes.implicit() || t.preemptible() == preemptible))
        .sorted(CHEAPEST_FIRST).toList();
    if (fits.isEmpty()) {
      return new TypeChoice.Unsatisfiable(TypeChoice.UNSATISFIABLE);
    }
    BigDecimal ceiling = fits.getFirst().price().multiply(maxPriceFactor);
    return new TypeChoice.Eligible(fits.stream().filter(t -> t.price().compareTo(ceiling) <= 0).toList());
  }

  private static long ceilDiv(long a, long b) {
    return Math.ceilDiv(a, b);
  }
}
