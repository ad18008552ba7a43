package io.hearth.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Routes HTTP requests on {@code /t/{app name}{source}} to a function.
 *
 * @param type        only "http" today
 * @param source      the path under the app, starting with "/"
 * @param annotations free-form metadata; each value is a compact JSON text
 */
public record Trigger(
    String id,
    String name,
    String appId,
    String fnId,
    String type,
    String source,
    Map<String, String> annotations,
    Instant createdAt,
    Instant updatedAt) {

  public Trigger {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(fnId, "fnId");
    annotations = Map.copyOf(annotations);
  }
}
