package io.hearth.uds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
    names.add(name);
    values.add(value);
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
    for (String v : all(name)) {
      for (String part : v.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
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
    List<String> lengths = all("Content-Length");
    if (lengths.isEmpty()) {
      return -1;
    }
    long length = -1;
    for (String raw : lengths) {
      for (String part : raw.split(",")) {
        long parsed;
        try {
          parsed = Long.parseLong(part.trim());
        } catch (NumberFormatException e) {
          throw new HttpProtocolException("malformed Content-Length: " + raw);
        }
        if (parsed < 0 || (length >= 0 && parsed != length)) {
          throw new HttpProtocolException("conflicting or negative Content-Length: " + raw);
        }
        length = parsed;
      }
    }
    return length;
  }

  /** Whether the body is sent with chunked transfer coding (the last coding must be chunked). */
  public boolean isChunked() {
    List<String> codings = all("Transfer-Encoding");
    if (codings.isEmpty()) {
      return false;
    }
    String[] parts = codings.getLast().split(",");
    return parts[parts.length - 1].trim().equalsIgnoreCase("chunked");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
    return sb.toString();
  }
}
