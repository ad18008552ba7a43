package io.hearth.agent;

import io.hearth.core.call.CallResult;
/**
 * The node's answer to a call, given at once by {@link Agent#admit}: the call holds a container
 * now, waits in the queue for one, or is refused with a reason. An assigned or queued call is the
 * node's from then on — a runner tells its lb "committed" at this step — and must be run with
 * {@link Agent#run}, which waits for the container if needed.
 */
public sealed interface Admission {

  /** A container is the call's already. */
  record Assigned(Ticket ticket) implements Admission {}

  /** The call waits for a container (one is starting for it, or one will be freed). */
  record Queued(Ticket ticket) implements Admission {}

  /** The call will not run here; {@code failure} says why (too big, too busy, body too large, client gone). */
  record Refused(CallResult.Failed failure) implements Admission {}

  /** The admitted call to run, or null when it was refused. */
  default Ticket ticket() {
    return switch (this) {
      case Assigned a -> a.ticket();
      case Queued q -> q.ticket();
      case Refused r -> null;
    };
  }
}
