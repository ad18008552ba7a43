package io.hearth.server.leases;

import io.hearth.core.ledger.Resources;
import io.hearth.server.leases.LeaseResult.Failure;
import java.util.Optional;

/**
 * Which share of its alloc a new exec gets: what it asks for, when that is free and bounds its
 * container (memory, and CPU when the alloc has some); all that is free when it asks for nothing;
 * or why not, in words a person can act on. Pure.
 */
final class ExecShare {
  private ExecShare() {}

  /**
   * @param whole   the alloc's resources
   * @param free    what its running execs leave
   * @param running how many execs run in it
   * @param asked   the exec's own resources, if it names them
   */
  static LeaseResult<Resources> choose(String allocId, Resources whole, Resources free, int running,
      Optional<Resources> asked) {
    Resources share = asked.orElse(free);
    Optional<String> unbounded = Shares.unbounded(share, whole);
    if (asked.isPresent()) {
      if (!free.covers(share)) {
        return LeaseResult.failed(Failure.INVALID, "the exec asks for more than alloc " + allocId + " has free: "
            + Shares.describe(share, free, whole));
      }
      if (unbounded.isPresent()) {
        return LeaseResult.failed(Failure.INVALID, "the exec asks for no " + unbounded.get() + ", which would leave "
            + "its container unbounded: ask for at least 1 of what alloc " + allocId + " has free ("
            + free.amount(ResourceNames.ledgerName(unbounded.get())) + ")");
      }
    } else if (unbounded.isPresent()) {
      return LeaseResult.failed(Failure.SHORT, "alloc " + allocId + " has no " + unbounded.get() + " free: its "
          + running + " running exec(s) hold all of it; wait for one to end, or ask for less");
    }
    return LeaseResult.ok(share);
  }
}
