package io.hearth.store.calls;

import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.TimeCursor;

import java.time.Instant;
import java.util.Objects;

/**
 * Which calls of a function to list, newest first.
 *
 * @param fnId    the function
 * @param from    only calls created at or after this, or null
 * @param to      only calls created before this, or null
 * @param status  only calls with this status (e.g. {@code success}, {@code error}), or null for all
 * @param cursor  the {@link Page#nextCursor()} of the previous page, or null for the first page
 * @param perPage the page size, clamped to 1..{@value ListQuery#MAX_PER_PAGE}
 * @throws IllegalArgumentException if the cursor was not issued by a call list
 */
public record CallQuery(String fnId, Instant from, Instant to, String status, String cursor, int perPage) {

  public CallQuery {
    Objects.requireNonNull(fnId, "fnId");
    status = status == null || status.isEmpty() ? null : status;
    cursor = cursor == null || cursor.isEmpty() ? null : cursor;
    perPage = Math.clamp(perPage, 1, ListQuery.MAX_PER_PAGE);
    if (cursor != null) {
      TimeCursor.decode(cursor); // fail here, where the caller can still answer 400
    }
  }

  /** Calls of any status. */
  public CallQuery(String fnId, Instant from, Instant to, String cursor, int perPage) {
    this(fnId, from, to, null, cursor, perPage);
  }

  /** The first page of a function's calls. */
  public static CallQuery first(String fnId, int perPage) {
    return new CallQuery(fnId, null, null, null, perPage);
  }

  /** The same query for the page after {@code page}; only valid when it has a next cursor. */
  public CallQuery next(Page<?> page) {
    if (page.nextCursor() == null) {
      throw new IllegalStateException("the page has no next cursor");
    }
    return new CallQuery(fnId, from, to, status, page.nextCursor(), perPage);
  }

  /** The cursor of a page that ends with {@code last}. */
  public static String cursorOf(CallRecord last) {
    return TimeCursor.encode(last.createdAt(), last.id());
  }

  /** Where the previous page ended, or null on the first page. */
  public TimeCursor after() {
    return cursor == null ? null : TimeCursor.decode(cursor);
  }
}
