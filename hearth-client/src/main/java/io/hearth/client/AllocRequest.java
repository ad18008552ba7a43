package io.hearth.client;

import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v2/allocs}: a reservation to ask for. Start with {@link #of} and add what else applies.
 *
 * @param offerId   the offer to take it from (409 when that offer is gone); empty lets Hearth choose
 * @param resources what to reserve; a named resource missing is 0
 * @param owner     who asks (for listing and for people)
 * @param labels    labels to list it by
 * @param keepalive the first lease, in whole seconds from 1 (the server clamps it to 5 minutes);
 *                  empty takes the server's 2 minutes
 */
public record AllocRequest(Optional<String> offerId, Resources resources, String owner, Map<String, String> labels,
    Optional<Duration> keepalive) {

  public AllocRequest {
    Objects.requireNonNull(offerId, "offerId");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(owner, "owner");
    if (owner.isBlank()) {
      throw new IllegalArgumentException("an alloc needs an owner");
    }
    labels = Map.copyOf(labels);
    Objects.requireNonNull(keepalive, "keepalive");
    keepalive.ifPresent(k -> {
      if (k.toSeconds() < 1) {
        throw new IllegalArgumentException("a lease lasts at least 1 second, not " + k);
      }
    });
  }

  /** These resources for this owner, wherever Hearth places them, on the server's first lease. */
  public static AllocRequest of(String owner, Resources resources) {
    return new AllocRequest(Optional.empty(), resources, owner, Map.of(), Optional.empty());
  }

  public AllocRequest withOffer(String offerId) {
    return new AllocRequest(Optional.of(offerId), resources, owner, labels, keepalive);
  }

  public AllocRequest withLabels(Map<String, String> labels) {
    return new AllocRequest(offerId, resources, owner, labels, keepalive);
  }

  public AllocRequest withKeepalive(Duration keepalive) {
    return new AllocRequest(offerId, resources, owner, labels, Optional.of(keepalive));
  }
}
