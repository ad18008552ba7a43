package io.hearth.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request's query decoded strictly: {@code %XX} escapes must be two hex digits and the bytes they
 * make well-formed UTF-8 (no overlong forms, no surrogates), {@code +} is a space, raw non-ASCII
 * characters stay as they are. Anything else is
 * the client's mistake, a 400 naming the parameter, never a decoded surprise or a 500.
 */
final class QueryString {
  private QueryString() {}

  /** The first value of each parameter, in the order they came; an empty or null query is empty. */
  static Map<String, String> parse(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), pair);
      out.putIfAbsent(name, value);
    }
    return out;
  }

  private static String decode(String s, String pair) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw refusal(pair, "a '%' must be followed by two hex digits");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        // a raw non-ASCII character (Jetty has decoded the request line) is kept as its UTF-8
        int cp = s.codePointAt(i);
        bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    try {
      return InputText.strictUtf8(ByteBuffer.wrap(bytes.toByteArray()));
    } catch (CharacterCodingException e) {
      throw refusal(pair, "the percent-encoded bytes are not well-formed UTF-8");
    }
  }

  private static ApiException refusal(String pair, String why) {
    return ApiException.badRequest("Invalid query string near \"" + InputText.shorten(pair) + "\": " + why);
  }
}
