package io.hearth.core.placement;

import java.util.Optional;

/**
 * The runners to try for one call, in order: the first is the placer's proposal, the next ones are
 * where to walk on when a runner refuses. Each available runner comes at most once; unavailable
 * ones never. Not thread-safe: one call's placement owns it.
 */
public interface Walk {

  /** The next runner to try, or empty when every available runner has been offered. */
  Optional<RunnerView> next();
}
