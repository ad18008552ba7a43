package io.hearth.server.leases;

import io.hearth.core.lease.Alloc;
import io.hearth.core.ledger.Resources;
import io.hearth.server.leases.LeaseResult.Failure;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Pure conversions between the book's allocs, the store's rows and the API's answers. */
final class AllocViews {
  private AllocViews() {}

  /** The book's alloc as a row of node {@code nodeId}. */
  static AllocRow row(String nodeId, Alloc a) {
    return new AllocRow(a.id(), nodeId, a.owner(), a.labels(), ResourceNames.toWire(a.resources()),
        AllocState.valueOf(a.state().name()), a.createdAt(), a.lastKeepaliveAt(), a.expiresAt(), a.endedAt().orElse(null));
  }

  /**
   * A stored alloc as it stands at {@code now}: the book's word where it has one (it is ahead of the
   * store while a reclaim is being written), else its lease decides active or expired.
   */
  static AllocRecord current(AllocRecord r, Optional<Alloc> booked, Instant now) {
    AllocRow row = r.alloc();
    if (booked.isPresent()) {
      row = row(row.nodeId(), booked.get());
    } else if (row.state() == AllocState.ACTIVE && !now.isBefore(row.expiresAt())) {
      row = new AllocRow(row.id(), row.nodeId(), row.owner(), row.labels(), row.resources(), AllocState.EXPIRED,
          row.createdAt(), row.lastKeepaliveAt(), row.expiresAt(), null);
    }
    return row.equals(r.alloc()) ? r : new AllocRecord(row, r.execs());
  }

  static String word(Alloc.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  /** The 410 of an alloc that ended. */
  static <T> LeaseResult<T> gone(String allocId, String state, Instant at) {
    return LeaseResult.failed(Failure.GONE, "alloc expired: " + allocId + " was " + state + " at " + at
        + "; it can no longer be kept alive or run execs: create another alloc");
  }

  /** Why an accept on offer {@code offerId} is refused, or empty when it stands. */
  static Optional<String> staleOffer(String offerId, String current, String nodeId, Resources available,
      Resources asked, Resources capacity) {
    if (!offerId.equals(current)) {
      return Optional.of("offer expired: " + offerId + " is not node " + nodeId
          + "'s current offer (allocs were made or ended since); ask for offers again");
    }
    Resources needed = capacity.cpuMillis() == 0 ? asked.with(Resources.CPU, 0) : asked;
    if (!available.covers(needed)) {
      return Optional.of("offer expired: " + offerId + " no longer holds the request: "
          + Shares.describe(needed, available, capacity) + "; ask for offers again");
    }
    return Optional.empty();
  }
}
