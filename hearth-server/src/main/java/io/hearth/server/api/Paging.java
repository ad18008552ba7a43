package io.hearth.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Pagination as Fn does it: {@code per_page} defaults to 30 and is capped at 100 (zero or less
 * means the default), {@code name} filters by exact name, {@code cursor} is the opaque
 * {@code next_cursor} of the previous page, which a page carries only when it is full.
 */
final class Paging {
  /** Longer than any cursor the store issues (a name and an id, base64url). */
  private static final int MAX_CURSOR_CHARS = 1024;

  private Paging() {}

  static ListQuery query(Exchange ex) {
    int perPage = ListQuery.DEFAULT_PER_PAGE;
    String raw = ex.query("per_page");
    if (raw != null && !raw.isEmpty()) {
      try {
        perPage = Integer.parseInt(raw.strip());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("Invalid per_page '" + Validation.shorten(raw) + "': must be a whole number "
            + "from 1 to " + ListQuery.MAX_PER_PAGE);
      }
      if (perPage <= 0) {
        perPage = ListQuery.DEFAULT_PER_PAGE;
      }
    }
    String cursor = ex.query("cursor");
    checkCursor(cursor);
    String name = ex.query("name");
    try {
      return new ListQuery(name, cursor, perPage);
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
  }

  /** Whether the query's name filter cannot match any name, so the page is empty without asking. */
  static boolean matchesNothing(ListQuery query) {
    return !Validation.couldBeName(query.nameFilter());
  }

  static ObjectNode page(ObjectMapper mapper, ArrayNode items, Page<?> page) {
    ObjectNode out = mapper.createObjectNode();
    out.set("items", items);
    if (page.nextCursor() != null) {
      out.put("next_cursor", page.nextCursor());
    }
    return out;
  }

  static ObjectNode empty(ObjectMapper mapper) {
    return page(mapper, mapper.createArrayNode(), new Page<>(java.util.List.of(), null));
  }

  /**
   * Refuses cursors the store never issued before they reach it: the store's cursors are base64url
   * of a name, then at most one NUL and an id, and a database refuses other NULs with an error.
   */
  private static void checkCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return;
    }
    String text;
    try {
      if (cursor.length() > MAX_CURSOR_CHARS) {
        throw badCursor();
      }
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
    if (text.indexOf('\0') != text.lastIndexOf('\0')) {
      throw badCursor();
    }
  }

  private static ApiException badCursor() {
    return ApiException.badRequest("Invalid cursor: pass the next_cursor of the previous page unchanged");
  }
}
