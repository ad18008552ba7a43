package io.hearth.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@code GET /v2/allocs}, newest first.
 *
 * @param items      the allocs of this page
 * @param nextCursor the cursor of the next page, empty on the last
 */
public record AllocPage(List<Alloc> items, Optional<String> nextCursor) {
  public AllocPage {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}
