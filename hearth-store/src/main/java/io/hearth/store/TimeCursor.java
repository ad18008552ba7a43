package io.hearth.store;

import java.time.Instant;

/**
 * Where a newest-first page ended: the last row's creation time (milliseconds) and id, the keyset
 * of the call and alloc listings. Encoded as a {@link Cursor} whose name is the epoch milliseconds.
 */
public record TimeCursor(Instant createdAt, String id) {

  public static String encode(Instant createdAt, String id) {
    return Cursor.encode(Long.toString(createdAt.toEpochMilli()), id);
  }

  /** The cursor a previous page handed out; a clear error for anything else. */
  public static TimeCursor decode(String cursor) {
    Cursor c = Cursor.decode(cursor);
    try {
      if (c.id() == null) {
        throw new NumberFormatException("no id");
      }
      return new TimeCursor(Instant.ofEpochMilli(Long.parseLong(c.name())), c.id());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid cursor: pass the next_cursor of the previous page unchanged", e);
    }
  }
}
