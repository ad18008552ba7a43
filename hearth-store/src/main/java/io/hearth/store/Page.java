package io.hearth.store;

import java.util.List;

/**
 * One page of a list, in name order (calls: newest first).
 *
 * @param nextCursor the cursor for the next page, or null when this page was not full (Fn
 *     semantics: a full last page still carries a cursor, and the page after it is empty)
 */
public record Page<T>(List<T> items, String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }
}
