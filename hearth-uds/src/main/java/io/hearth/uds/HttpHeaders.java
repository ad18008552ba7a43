package io.hearth.uds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An ordered list of HTTP header fields; names compare case-insensitively. Not thread-safe: one
 * message, one owner.
 */
public final class HttpHeaders {
  /** Fields that describe one connection, never forwarded (RFC 9110 section 7.6.1). */
  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "content-length", "host");

  private final List<String> names = new ArrayList<>();
  private final List<String> values = new ArrayList<>();

  public HttpHeaders add(String name, String value) {
    names.add(Objects.requireNonNull(name, "name"));
    values.add(Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Replaces every field of that name with one. */
  public HttpHeaders set(String name, String value) {
    remove(name);
    return add(name, value);
  }

  public HttpHeaders remove(String name) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equalsIgnoreCase(name)) {
        names.remove(i);
        values.remove(i);
      }
    }
    return this;
  }

  /** The first value of that name, or null. */
  public String first(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return values.get(i);
      }
    }
    return null;
  }

  public List<String> all(String name) {
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        out.add(values.get(i));
      }
    }
    return Collections.unmodifiableList(out);
  }

  public boolean contains(String name) {
    return first(name) != null;
  }

  /** Whether a comma-separated field of that name lists the token (e.g. Connection: close). */
  public boolean hasToken(String name, String token) {
    for (int i = 0; i < names.size(); i++) { // no lists or splits: this runs for every response
      if (names.get(i).equalsIgnoreCase(name) && listHas(values.get(i), token)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a comma-separated list holds the token as a whole element, ignoring case and blanks. */
  private static boolean listHas(String list, String token) {
    int n = list.length();
    int start = 0;
    while (start <= n) {
      int comma = list.indexOf(',', start);
      int end = comma < 0 ? n : comma;
      int s = start;
      int e = end;
      while (s < e && list.charAt(s) <= ' ') {
        s++;
      }
      while (e > s && list.charAt(e - 1) <= ' ') {
        e--;
      }
      if (e - s == token.length() && list.regionMatches(true, s, token, 0, e - s)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < names.size(); i++) {
      action.accept(names.get(i), values.get(i));
    }
  }

  public int size() {
    return names.size();
  }

  /**
   * The end-to-end fields only: drops hop-by-hop fields and any field the Connection field names,
   * as well as Content-Length and Host, which the next hop sets itself.
   */
  public HttpHeaders endToEnd() {
    List<String> named = new ArrayList<>();
    for (String v : all("Connection")) {
      for (String part : v.split(",")) {
        named.add(part.trim().toLowerCase(Locale.ROOT));
      }
    }
    HttpHeaders out = new HttpHeaders();
    forEach((n, v) -> {
      String lower = n.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !named.contains(lower)) {
        out.add(n, v);
      }
    });
    return out;
  }

  /** The declared Content-Length, -1 when absent; a malformed one is a protocol error. */
  public long contentLength() throws HttpProtocolException {
    long length = -1;
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).equalsIgnoreCase("Content-Length")) {
        continue;
      }
      String raw = values.get(i);
      for (String part : raw.split(",", -1)) {
        long parsed = digits(part.trim());
        if (parsed < 0) {
          throw new HttpProtocolException("malformed Content-Length: " + raw);
        }
        if (length >= 0 && parsed != length) {
          throw new HttpProtocolException("conflicting Content-Length: " + raw);
        }
        length = parsed;
      }
    }
    return length;
  }

  /**
   * A decimal made of ASCII digits only (no sign: {@code Long.parseLong} takes "+5" and "-0" and
   * non-ASCII digits, which Content-Length = 1*DIGIT does not), or -1 when malformed or too large.
   */
  private static long digits(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9' || v > (Long.MAX_VALUE - (c - '0')) / 10) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Whether the body is sent with chunked transfer coding (the last coding must be chunked). */
  public boolean isChunked() {
    String last = null;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase("Transfer-Encoding")) {
        last = values.get(i);
      }
    }
    if (last == null) {
      return false;
    }
    return last.substring(last.lastIndexOf(',') + 1).trim().equalsIgnoreCase("chunked");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
    return sb.toString();
  }
}
