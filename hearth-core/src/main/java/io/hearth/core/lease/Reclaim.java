package io.hearth.core.lease;

import io.hearth.core.ledger.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Which expired allocs to reclaim for a shortfall: a pure choice. */
final class Reclaim {
  /** Most-expired first; among equals, the one made first (the input's order, kept by a stable sort). */
  private static final Comparator<Alloc> MOST_EXPIRED_FIRST = Comparator.comparing(Alloc::expiresAt);

  private Reclaim() {}

  /**
   * The shortest run of {@code expired}, most-expired first, that covers {@code missing}, skipping
   * allocs that hold none of the resources short in {@code missing} (reclaiming them would kill work
   * and make no room); empty when all of them together would not cover it.
   *
   * @param expired allocs whose lease ran out and that still hold their grants, in the order they were made
   */
  static List<Alloc> choose(List<Alloc> expired, Resources missing) {
    if (missing.isZero()) {
      return List.of();
    }
    List<Alloc> byExpiry = new ArrayList<>(expired);
    byExpiry.sort(MOST_EXPIRED_FIRST);
    List<Alloc> chosen = new ArrayList<>();
    Resources freed = Resources.ZERO;
    for (Alloc a : byExpiry) {
      if (freed.covers(missing)) {
        break;
      }
      if (holdsSomeOf(a.resources(), missing)) {
        chosen.add(a);
        freed = freed.plus(a.resources());
      }
    }
    return freed.covers(missing) ? chosen : List.of();
  }

  /** Whether {@code held} has any of a resource {@code missing} lacks. */
  static boolean holdsSomeOf(Resources held, Resources missing) {
    for (var f : missing.asShortfalls()) {
      if (held.amount(f.resource()) > 0) {
        return true;
      }
    }
    return false;
  }
}
