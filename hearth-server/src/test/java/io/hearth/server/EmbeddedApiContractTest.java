package io.hearth.server;

import java.util.Map;

/** {@link ApiContract} on the embedded datastore (H2 in the node's data directory). */
class EmbeddedApiContractTest extends ApiContract {
  @Override
  Map<String, String> settings() {
    return Map.of();
  }
}
