package io.hearth.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An application: a named group of functions that share configuration.
 *
 * @param config      environment given to every function of the app (function config wins)
 * @param annotations free-form metadata; each value is a compact JSON text
 * @param shape       the CPU architecture its functions need: GENERIC_X86, GENERIC_ARM or GENERIC_X86_ARM
 */
public record App(
    String id,
    String name,
    Map<String, String> config,
    Map<String, String> annotations,
    String syslogUrl,
    String shape,
    Instant createdAt,
    Instant updatedAt) {

  public App {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    config = Map.copyOf(config);
    annotations = Map.copyOf(annotations);
  }
}
