package io.hearth.samples;

import java.util.Optional;

/**
 * Just enough JSON reading for the samples, which carry no library (as a function image built on
 * the FDK carries none): one string field of a top-level object. Writing is the FDK's {@link
 * io.hearth.fdk.Json}. Stateless.
 */
final class Json {
  private Json() {}

  /** The value of {@code field} in a top-level JSON object when it is a string; empty otherwise or if malformed. */
  static Optional<String> stringField(String json, String field) {
    try {
      return new Scanner(json).stringField(field);
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** A cursor over one JSON text. Confined to the calling thread. */
  private static final class Scanner {
    private final String s;
    private int pos;

    Scanner(String s) {
      this.s = s;
    }

    Optional<String> stringField(String field) {
      skipWhitespace();
      expect('{');
      skipWhitespace();
      if (peek() == '}') {
        return Optional.empty();
      }
      while (true) {
        skipWhitespace();
        String key = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        if (key.equals(field) && peek() == '"') {
          return Optional.of(string());
        }
        skipValue();
        skipWhitespace();
        char c = s.charAt(pos++);
        if (c == '}') {
          return Optional.empty();
        }
        if (c != ',') {
          throw new IllegalArgumentException("expected , or } at " + (pos - 1));
        }
      }
    }

    private char peek() {
      return s.charAt(pos);
    }

    private void expect(char c) {
      if (s.charAt(pos++) != c) {
        throw new IllegalArgumentException("expected " + c + " at " + (pos - 1));
      }
    }

    private void skipWhitespace() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw new IllegalArgumentException("bad escape \\" + e);
        }
      }
    }

    private void skipValue() {
      char c = peek();
      if (c == '"') {
        string();
      } else if (c == '{' || c == '[') {
        int depth = 0;
        do {
          char d = peek();
          if (d == '"') {
            string();
            continue;
          }
          if (d == '{' || d == '[') {
            depth++;
          } else if (d == '}' || d == ']') {
            depth--;
          }
          pos++;
        } while (depth > 0);
      } else { // number, true, false, null
        int start = pos;
        while (pos < s.length() && ",}] \t\r\n".indexOf(s.charAt(pos)) < 0) {
          pos++;
        }
        if (pos == start) {
          throw new IllegalArgumentException("expected a value at " + start);
        }
      }
    }
  }
}
