package io.hearth.server.async;

import io.hearth.core.model.Fn;
import java.util.Map;

/**
 * The function annotations async calls obey: {@code hearth.io/async_max_attempts} (how many times
 * a call is tried, default 3) and {@code hearth.io/async_concurrency} (most of its async calls
 * running at once over the cluster, default no limit). Values are JSON numbers or strings of digits; anything else
 * counts as unset. Pure.
 */
final class Annotations {
  static final String MAX_ATTEMPTS = "hearth.io/async_max_attempts";
  static final String CONCURRENCY = "hearth.io/async_concurrency";
  static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** A call is tried at most this often, whatever the annotation says. */
  static final int MOST_ATTEMPTS = 20;

  private Annotations() {}

  static int maxAttempts(Fn fn) {
    int n = number(fn.annotations(), MAX_ATTEMPTS);
    return n <= 0 ? DEFAULT_MAX_ATTEMPTS : Math.min(n, MOST_ATTEMPTS);
  }

  /** The function's limit, or 0 for none. */
  static int concurrency(Fn fn) {
    return Math.max(0, number(fn.annotations(), CONCURRENCY));
  }

  private static int number(Map<String, String> annotations, String key) {
    String raw = annotations.get(key);
    if (raw == null) {
      return -1;
    }
    String v = raw.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1).strip();
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
