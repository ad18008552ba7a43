package io.hearth.core.placement;

import io.hearth.core.ledger.Resources;
import java.util.Objects;

/**
 * What an lb knows of one runner when it places a call; its position in the view's list is its
 * place in the stable order.
 *
 * @param id          the runner's stable name (its node id, or its address in a static list)
 * @param available   live and not draining: a placer proposes only available runners
 * @param activeCalls calls running on it, as last seen (its status, or the lb's own count if higher)
 * @param capacity    what it may grant containers, as last reported ({@link Resources#ZERO} if unknown)
 * @param used        what it has granted, as last reported
 */
public record RunnerView(String id, boolean available, int activeCalls, Resources capacity, Resources used) {
  public RunnerView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(used, "used");
    if (activeCalls < 0) {
      throw new IllegalArgumentException("active calls cannot be negative: " + activeCalls);
    }
  }

  /** An available runner whose load is not known yet. */
  public static RunnerView of(String id) {
    return new RunnerView(id, true, 0, Resources.ZERO, Resources.ZERO);
  }

  /** A runner that left (or is draining): it keeps its place in the order but is never proposed. */
  public RunnerView unavailable() {
    return new RunnerView(id, false, activeCalls, capacity, used);
  }

  /** Memory it could still grant, as last reported (0 when unknown). */
  long freeMemoryBytes() {
    return Math.max(0, capacity.memoryBytes() - used.memoryBytes());
  }
}
