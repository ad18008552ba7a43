package io.hearth.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a request path against patterns such as {@code /v2/apps/{id}} and the method against
 * the routes registered for that pattern. Built once at start-up, then read-only.
 */
public final class Router {
  /** The method that matches any method. */
  public static final String ANY = "*";

  private final List<Pattern> patterns = new ArrayList<>();

  /**
   * Registers {@code route} for {@code method} on {@code pattern}; "{x}" matches one segment, "**" the rest.
   * The method "*" takes every method the pattern has no route of its own for.
   */
  public Router on(String method, String pattern, Route route) {
    Pattern p = patterns.stream().filter(x -> x.source.equals(pattern)).findFirst().orElseGet(() -> {
      Pattern created = new Pattern(pattern);
      patterns.add(created);
      return created;
    });
    p.methods.put(method, route);
    return this;
  }

  /** One registered route: its method ({@link #ANY} for every method) and its pattern. */
  public record Registered(String method, String pattern) {}

  /** Every registered route, in registration order: what the API document is checked against. */
  public List<Registered> routes() {
    List<Registered> out = new ArrayList<>();
    for (Pattern p : patterns) {
      p.methods.keySet().forEach(m -> out.add(new Registered(m, p.source)));
    }
    return out;
  }

  /** The outcome of matching a request. */
  public sealed interface Match {
    record Found(Route route) implements Match {}

    record WrongMethod(List<String> allowed) implements Match {}

    record NoPath() implements Match {}
  }

  public Match match(String method, List<String> segments) {
    for (Pattern p : patterns) {
      if (p.matches(segments)) {
        Route r = p.methods.get(method);
        if (r == null && method.equals("HEAD")) {
          r = p.methods.get("GET");
        }
        if (r == null) {
          r = p.methods.get(ANY);
        }
        return r != null ? new Match.Found(r) : new Match.WrongMethod(List.copyOf(p.methods.keySet()));
      }
    }
    return new Match.NoPath();
  }

  private static final class Pattern {
    final String source;
    final String[] parts;
    final Map<String, Route> methods = new LinkedHashMap<>();

    Pattern(String source) {
      this.source = source;
      this.parts = source.equals("/") ? new String[0] : source.substring(1).split("/");
    }

    boolean matches(List<String> segments) {
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].equals("**")) {
          return segments.size() >= i;
        }
        if (i >= segments.size()) {
          return false;
        }
        if (!parts[i].startsWith("{") && !parts[i].equals(segments.get(i))) {
          return false;
        }
      }
      return segments.size() == parts.length;
    }
  }
}
