package io.hearth.core.job.dispatch;

import java.util.List;
import java.util.Optional;

/**
 * What one dispatch pass decided. Immutable.
 *
 * @param actions     what to do, in queue order
 * @param reservation the room held for a long-waiting job; the next pass takes it back
 */
public record PassResult(List<DispatchAction> actions, Optional<Reservation> reservation) {
  public PassResult {
    actions = List.copyOf(actions);
  }
}
