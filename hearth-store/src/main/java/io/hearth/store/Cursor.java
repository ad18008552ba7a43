package io.hearth.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page ended: the last name, plus the last id where names are not unique in the listed
 * scope (triggers of an app). Encoded as base64url without padding of the name, as Fn does, with
 * {@code "\0" + id} appended when there is an id; names never contain NUL.
 */
public record Cursor(String name, String id) {

  private static final char SEPARATOR = '\0';

  public static String encode(String name, String id) {
    String text = id == null ? name : name + SEPARATOR + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  public static Cursor decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid cursor: pass the next_cursor of the previous page unchanged", e);
    }
    int sep = text.indexOf(SEPARATOR);
    return sep < 0 ? new Cursor(text, null) : new Cursor(text.substring(0, sep), text.substring(sep + 1));
  }
}
