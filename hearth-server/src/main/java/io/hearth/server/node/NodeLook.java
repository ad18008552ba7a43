package io.hearth.server.node;

import io.hearth.core.status.NodeStatus;
import io.hearth.server.leases.NodeLeases;
import io.hearth.store.ListQuery;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * How {@link IdleWatch} looks at a node: busy while its agent runs or waits on calls or has a busy
 * container, while calls are in flight through its front (a runner's service), or while it holds an
 * active alloc — one whose lease has not run out. The longest lease is read from the first page of
 * the node's active allocs (a node holding more than a page of them is busy either way), only when
 * its book counts one.
 */
public final class NodeLook {
  private NodeLook() {}

  /**
   * @param agent    the agent's status
   * @param inFlight calls in flight that the agent may not count yet (a runner's service); 0 elsewhere
   * @param leases   the node's leases, when it holds any
   */
  public static Supplier<IdleStop.Look> of(Supplier<NodeStatus> agent, IntSupplier inFlight,
      Optional<NodeLeases> leases, InstantSource clock) {
    return () -> {
      NodeStatus s = agent.get();
      boolean running = s.activeCalls() > 0 || s.callsWaiting() > 0
          || s.containersByState().getOrDefault("busy", 0) > 0 || inFlight.getAsInt() > 0;
      Optional<Instant> longest = leases.flatMap(l -> longestLease(l, clock.instant()));
      return new IdleStop.Look(running || longest.isPresent(), longest);
    };
  }

  /**
   * When the longest active lease runs out, if the node holds one that has not run out by {@code
   * now}. The store is read only when the node's book counts an active alloc.
   */
  static Optional<Instant> longestLease(NodeLeases leases, Instant now) {
    Optional<Instant> longest = Optional.empty();
    if (leases.stats().allocsByState().getOrDefault("active", 0L) == 0) {
      return longest;
    }
    for (AllocRecord r : leases.list(new AllocQuery(null, AllocState.ACTIVE, null, ListQuery.MAX_PER_PAGE)).items()) {
      Instant expires = r.alloc().expiresAt();
      if (expires.isAfter(now) && (longest.isEmpty() || expires.isAfter(longest.get()))) {
        longest = Optional.of(expires);
      }
    }
    return longest;
  }
}
