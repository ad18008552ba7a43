package io.hearth.store.leases;

import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.TimeCursor;
import java.time.Instant;

/**
 * Which allocs to list, newest first (creation time, then id).
 *
 * @param owner   only this owner's allocs, or null (an empty string counts as null)
 * @param state   only allocs in this state, or null
 * @param cursor  the {@link Page#nextCursor()} of the previous page, or null for the first page
 * @param perPage the page size, clamped to 1..{@value ListQuery#MAX_PER_PAGE}
 * @throws IllegalArgumentException if the cursor was not issued by an alloc list
 */
public record AllocQuery(String owner, AllocState state, String cursor, int perPage) {

  public AllocQuery {
    owner = owner == null || owner.isEmpty() ? null : owner;
    cursor = cursor == null || cursor.isEmpty() ? null : cursor;
    perPage = Math.clamp(perPage, 1, ListQuery.MAX_PER_PAGE);
    if (cursor != null) {
      TimeCursor.decode(cursor); // fail here, where the caller can still answer 400
    }
  }

  /** The first page of an owner's allocs (every owner's when null), in any state. */
  public static AllocQuery first(String owner, int perPage) {
    return new AllocQuery(owner, null, null, perPage);
  }

  /** The same query for the page after {@code page}; only valid when it has a next cursor. */
  public AllocQuery next(Page<?> page) {
    if (page.nextCursor() == null) {
      throw new IllegalStateException("the page has no next cursor");
    }
    return new AllocQuery(owner, state, page.nextCursor(), perPage);
  }

  /** The cursor of a page that ends with {@code last}. */
  public static String cursorOf(AllocRow last) {
    return TimeCursor.encode(last.createdAt(), last.id());
  }

  /** Where the previous page ended, or null on the first page. */
  public TimeCursor after() {
    return cursor == null ? null : TimeCursor.decode(cursor);
  }
}
