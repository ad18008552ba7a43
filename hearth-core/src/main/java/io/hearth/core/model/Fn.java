package io.hearth.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A function: a container image served by warm containers, called one call at a time per container.
 *
 * @param memoryMb        memory limit of each container, in MB
 * @param timeoutSecs     longest a call may run
 * @param idleTimeoutSecs how long an idle container is kept warm
 * @param config          environment for the function's containers, on top of the app's config
 * @param annotations     free-form metadata; each value is a compact JSON text
 */
public record Fn(
    String id,
    String name,
    String appId,
    String image,
    int memoryMb,
    int timeoutSecs,
    int idleTimeoutSecs,
    Map<String, String> config,
    Map<String, String> annotations,
    String shape,
    Instant createdAt,
    Instant updatedAt) {

  public static final int DEFAULT_MEMORY_MB = 128;
  public static final int DEFAULT_TIMEOUT_SECS = 30;
  public static final int DEFAULT_IDLE_TIMEOUT_SECS = 30;

  public Fn {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(image, "image");
    config = Map.copyOf(config);
    annotations = Map.copyOf(annotations);
  }
}
