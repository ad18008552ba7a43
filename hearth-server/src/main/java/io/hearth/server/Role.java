package io.hearth.server;

import java.util.Locale;

/** What a node of {@code hearth server} does. */
public enum Role {
  /** The API, placement and containers in one process, with an embedded datastore by default (Fn: full). */
  ALL,
  /** The management API (apps, functions, triggers, calls) on a shared datastore. */
  API,
  /** Serves /invoke and /t/ by placing each call on a runner over gRPC. */
  LB,
  /** Runs calls for lbs in containers on the local Docker Engine (Fn: pure-runner). */
  RUNNER;

  /** A role by its Hearth name or Fn's node type. */
  public static Role parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "all", "full" -> ALL;
      case "api" -> API;
      case "lb" -> LB;
      case "runner", "pure-runner" -> RUNNER;
      default -> throw new IllegalArgumentException("unknown role '" + name
          + "': use all (Fn's full), api, lb or runner (Fn's pure-runner)");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
