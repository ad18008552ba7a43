package io.hearth.core.job.dispatch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one dispatch pass decides from. Immutable.
 *
 * @param queue       every job that is not final, in any order (the pass sorts by {@link
 *                    SchedulerOrder}); one entry per job, its current attempt. A start the shell
 *                    has in flight is passed as running, or not at all, never as locked
 * @param offers      the nodes that can take leases now and what each has free
 * @param lostNodes   nodes the shell has found gone after asking every node (a running attempt on
 *                    one of them has ended); never a node that merely did not answer yet
 * @param reservation the reservation the previous pass returned, if any
 */
public record PassInput(List<QueuedJob> queue, List<NodeOffer> offers, Set<String> lostNodes,
    Optional<Reservation> reservation) {
  public PassInput {
    queue = List.copyOf(queue);
    offers = List.copyOf(offers);
    lostNodes = Set.copyOf(lostNodes);
    Objects.requireNonNull(reservation, "reservation");
  }

  public PassInput(List<QueuedJob> queue, List<NodeOffer> offers) {
    this(queue, offers, Set.of(), Optional.empty());
  }
}
