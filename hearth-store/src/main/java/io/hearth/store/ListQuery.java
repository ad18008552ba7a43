package io.hearth.store;

/**
 * What a list operation asks for.
 *
 * @param nameFilter exact name to match, or null for all; an empty string counts as null
 * @param cursor     the {@link Page#nextCursor()} of the previous page, or null for the first page
 * @param perPage    the page size, clamped to 1..{@value #MAX_PER_PAGE}
 * @throws IllegalArgumentException if the cursor was not issued by this store
 */
public record ListQuery(String nameFilter, String cursor, int perPage) {

  public static final int DEFAULT_PER_PAGE = 30;
  public static final int MAX_PER_PAGE = 100;

  public ListQuery {
    nameFilter = nameFilter == null || nameFilter.isEmpty() ? null : nameFilter;
    cursor = cursor == null || cursor.isEmpty() ? null : cursor;
    perPage = Math.clamp(perPage, 1, MAX_PER_PAGE);
    if (cursor != null) {
      Cursor.decode(cursor); // fail here, where the caller can still answer 400
    }
  }

  /** The first page of everything, {@code perPage} at a time. */
  public static ListQuery first(int perPage) {
    return new ListQuery(null, null, perPage);
  }

  /** The same query for the page after {@code page}; only valid when it has a next cursor. */
  public ListQuery next(Page<?> page) {
    if (page.nextCursor() == null) {
      throw new IllegalStateException("the page has no next cursor");
    }
    return new ListQuery(nameFilter, page.nextCursor(), perPage);
  }

  /** Where the previous page ended, or null on the first page. */
  public Cursor after() {
    return cursor == null ? null : Cursor.decode(cursor);
  }
}
