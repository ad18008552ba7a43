package io.hearth.fdk;

/**
 * The little JSON the FDK writes itself (error messages), public for functions that answer the same
 * shape. Written here rather than taken from a JSON library on purpose: the FDK is all a function
 * image carries besides the function (no other jar), so that images stay small and a cold start
 * loads no library's classes. Stateless.
 */
public final class Json {
  private Json() {}

  /** {@code {"message": "<text>"}}, the error shape of Fn and Hearth. */
  public static String message(String text) {
    return "{\"message\":" + quote(text) + "}";
  }

  /** A JSON string literal of {@code s}: quotes, backslashes and control characters escaped. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
