package io.hearth.core.ledger;

/**
 * One resource a reservation lacks, and by how much.
 *
 * @param resource {@link Resources#MEMORY}, {@link Resources#CPU} or a named resource
 * @param amount   how much more of it would have to be free, in its unit (bytes, milli-CPUs, units)
 */
public record Shortfall(String resource, long amount) {
  public Shortfall {
    if (amount <= 0) {
      throw new IllegalArgumentException("a shortfall is positive: " + amount + " " + resource);
    }
  }
}
