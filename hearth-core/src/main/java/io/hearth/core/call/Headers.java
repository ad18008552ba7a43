package io.hearth.core.call;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A call's header fields, as the domain sees them: an ordered list, names compared
 * case-insensitively. The wire codecs (hearth-uds's {@code HttpHeaders}, the runner protocol's
 * codec, the HTTP front) convert to and from it at their edge. Not thread-safe: one message, one
 * owner.
 */
public final class Headers {
  /** Fields that describe one connection, never forwarded (RFC 9110 section 7.6.1). */
  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "content-length", "host");

  private final List<String> names = new ArrayList<>();
  private final List<String> values = new ArrayList<>();

  public Headers add(String name, String value) {
    names.add(Objects.requireNonNull(name, "name"));
    values.add(Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Replaces every field of that name with one. */
  public Headers set(String name, String value) {
    remove(name);
    return add(name, value);
  }

  public Headers remove(String name) {
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
  public Headers endToEnd() {
    Headers out = new Headers();
    copyEndToEnd(this::forEach, out::add);
    return out;
  }

  /**
   * Adds the end-to-end fields (as {@link #endToEnd}) of any header list, given by its
   * {@code forEach}, to {@code into}: how the edges convert between their wire type and this one
   * in one copy.
   */
  public static void copyEndToEnd(Consumer<BiConsumer<String, String>> fields, BiConsumer<String, String> into) {
    List<String> named = new ArrayList<>(0);
    fields.accept((n, v) -> {
      if (n.equalsIgnoreCase("Connection")) {
        for (String part : v.split(",")) {
          named.add(part.trim().toLowerCase(Locale.ROOT));
        }
      }
    });
    fields.accept((n, v) -> {
      String lower = n.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !named.contains(lower)) {
        into.accept(n, v);
      }
    });
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
    return sb.toString();
  }
}
