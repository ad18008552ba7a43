package io.hearth.server;

import java.util.Map;

/** {@link ApiFuzz} on the embedded datastore. */
class EmbeddedApiFuzzTest extends ApiFuzz {
  @Override
  Map<String, String> settings() {
    return Map.of();
  }
}
