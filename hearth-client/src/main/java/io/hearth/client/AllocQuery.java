package io.hearth.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code GET /v2/allocs} lists: the allocs of an owner, in a state, one page from a cursor.
 *
 * @param owner   only this owner's allocs, or all
 * @param state   only allocs in this state, or all
 * @param cursor  the page after the one that gave this cursor, or the first
 * @param perPage how many per page (the server caps it), or its default
 */
public record AllocQuery(Optional<String> owner, Optional<Alloc.State> state, Optional<String> cursor,
    Optional<Integer> perPage) {
  /** Every alloc, first page, the server's page size. */
  public static final AllocQuery ALL = new AllocQuery(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty());

  public AllocQuery {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(perPage, "perPage");
    perPage.ifPresent(n -> {
      if (n < 1) {
        throw new IllegalArgumentException("per page must be at least 1, not " + n);
      }
    });
  }

  public AllocQuery withOwner(String owner) {
    return new AllocQuery(Optional.of(owner), state, cursor, perPage);
  }

  public AllocQuery withState(Alloc.State state) {
    return new AllocQuery(owner, Optional.of(state), cursor, perPage);
  }

  public AllocQuery withCursor(String cursor) {
    return new AllocQuery(owner, state, Optional.of(cursor), perPage);
  }

  public AllocQuery withPerPage(int perPage) {
    return new AllocQuery(owner, state, cursor, Optional.of(perPage));
  }
}
