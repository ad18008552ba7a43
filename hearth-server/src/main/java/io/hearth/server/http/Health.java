package io.hearth.server.http;

import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /health} on every role: 200 {@code {"status":"ok"}} when the node can take work now,
 * else 503 with what stops it, so a load balancer's health check takes it out of rotation. Open
 * without the API token, like {@code /version} and {@code /metrics}. Stateless.
 */
public final class Health {
  private Health() {}

  /** Why the node cannot take work now, or empty when it can. Called at each check; must be cheap. */
  @FunctionalInterface
  public interface Check {
    Optional<String> problem();
  }

  public static void register(Router router, Check check) {
    router.on("GET", "/health", ex -> {
      Optional<String> problem = check.problem();
      if (problem.isEmpty()) {
        ex.json(200, Map.of("status", "ok"));
      } else {
        ex.json(503, Map.of("message", problem.get()));
      }
    });
  }

  /** The datastore answers a trivial query: api, lb and all-in-one nodes need it for every request. */
  public static Check datastore(Runnable ping) {
    return () -> {
      try {
        ping.run();
        return Optional.empty();
      } catch (RuntimeException e) {
        return Optional.of("the datastore does not answer: " + e.getMessage());
      }
    };
  }

  /** Both checks pass; the first problem otherwise. */
  public static Check both(Check a, Check b) {
    return () -> a.problem().or(b::problem);
  }
}
