package io.hearth.server.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hearth.core.call.Headers;

/** Headers as the queue keeps them: a JSON array of {@code [name, value]} pairs, in order. */
final class HeaderJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HeaderJson() {}

  static String write(Headers headers) {
    ArrayNode out = MAPPER.createArrayNode();
    headers.forEach((n, v) -> out.addArray().add(n).add(v));
    return out.toString();
  }

  static Headers read(String json) {
    Headers out = new Headers();
    if (json == null || json.isEmpty()) {
      return out;
    }
    try {
      for (JsonNode pair : MAPPER.readTree(json)) {
        out.add(pair.get(0).asText(), pair.get(1).asText());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored headers are not a JSON array of pairs", e);
    }
    return out;
  }
}
