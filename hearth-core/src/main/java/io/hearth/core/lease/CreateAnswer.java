package io.hearth.core.lease;

import io.hearth.core.ledger.Shortfall;
import java.util.List;

/** The answer to {@link LeaseBook#create}: the new alloc, or why there is no room for it. */
public sealed interface CreateAnswer {

  /** The allocs reclaimed on the way, whose execs the caller must kill; often empty. */
  List<Alloc> reclaimed();

  /**
   * The alloc was granted.
   *
   * @param reclaimed expired allocs reclaimed to make room, most-expired first
   */
  record Created(Alloc alloc, List<Alloc> reclaimed) implements CreateAnswer {
    public Created {
      reclaimed = List.copyOf(reclaimed);
    }
  }

  /**
   * Nothing was granted.
   *
   * @param shortfalls   each resource that is short and by how much: now (when {@code couldEverFit}),
   *                     or beyond the node's capacity (when not)
   * @param couldEverFit whether the node could hold the request at all: true means "not now" (the
   *                     room is held by active allocs and function containers; the API answers 503),
   *                     false means "never here" (the API answers 400)
   * @param reclaimed    expired allocs reclaimed while trying; empty unless another holder took the
   *                     room between the reclaim and the retry
   */
  record NoFit(List<Shortfall> shortfalls, boolean couldEverFit, List<Alloc> reclaimed) implements CreateAnswer {
    public NoFit {
      shortfalls = List.copyOf(shortfalls);
      reclaimed = List.copyOf(reclaimed);
      if (shortfalls.isEmpty()) {
        throw new IllegalArgumentException("a request that does not fit lacks something");
      }
    }
  }
}
