package io.hearth.core.ledger;

import java.util.List;

/** The answer to {@link Ledger#reserve}: the grant, or what is short and what could be freed. */
public sealed interface Reservation {

  /** The resources are the holder's until {@code grant} is closed. */
  record Granted(Grant grant) implements Reservation {}

  /**
   * Nothing was granted.
   *
   * @param missing     how much more of each resource would have to be free (zero where it fits)
   * @param reclaimable the unreleased grants a policy could free to make room (their holders said
   *                    so, or they expired), in the order they were made
   */
  record Short(Resources missing, List<Grant> reclaimable) implements Reservation {
    public Short {
      if (missing.isZero()) {
        throw new IllegalArgumentException("a short reservation lacks something");
      }
      reclaimable = List.copyOf(reclaimable);
    }

    /** Each resource that is short, and by how much. */
    public List<Shortfall> shortfalls() {
      return missing.asShortfalls();
    }

    /** What freeing every reclaimable grant would give back. */
    public Resources reclaimableTotal() {
      Resources sum = Resources.ZERO;
      for (Grant g : reclaimable) {
        sum = sum.plus(g.resources());
      }
      return sum;
    }

    /** Whether freeing every reclaimable grant would make room for the request. */
    public boolean reclaimingCouldFit() {
      return reclaimableTotal().covers(missing);
    }
  }
}
