package io.hearth.core.job.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * What a dispatch pass is configured with. Immutable.
 *
 * @param dispatcher          this dispatcher's name, the locker it writes
 * @param classes             the node classes
 * @param chooser             the type-choice rules (overhead, price factor)
 * @param maxDispatchAttempts how often a job may be locked before the next unlock cancels it instead
 * @param reserveAfter        how long a job must have waited since it was first seen before the pass
 *                            holds room for it when it is the first that does not fit
 */
public record DispatchSettings(String dispatcher, NodeClasses classes, TypeChooser chooser, int maxDispatchAttempts,
    Duration reserveAfter) {
  /** Arvados's MaxDispatchAttempts. */
  public static final int DEFAULT_MAX_DISPATCH_ATTEMPTS = 10;
  /** Long enough that ordinary churn never drains a node, short against a big job's wait. */
  public static final Duration DEFAULT_RESERVE_AFTER = Duration.ofMinutes(5);

  /** Settings with the default dispatch attempts, reservation wait and price factor. */
  public static DispatchSettings defaults(String dispatcher, NodeClasses classes, long overheadBytes) {
    return new DispatchSettings(dispatcher, classes, new TypeChooser(overheadBytes, TypeChooser.DEFAULT_PRICE_FACTOR),
        DEFAULT_MAX_DISPATCH_ATTEMPTS, DEFAULT_RESERVE_AFTER);
  }

  public DispatchSettings {
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(classes, "classes");
    Objects.requireNonNull(chooser, "chooser");
    Objects.requireNonNull(reserveAfter, "reserveAfter");
    if (maxDispatchAttempts < 1 || reserveAfter.isNegative()) {
      throw new IllegalArgumentException("max dispatch attempts from 1, reserve-after not negative");
    }
  }
}
