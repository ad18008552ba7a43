package io.hearth.server.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.server.Response;

/** Puts a stored answer's headers (the queue's JSON pairs) on a response, leaving out framing the server sets itself. */
final class ResultHeaders {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection",
      "keep-alive", "fn-call-id");

  private ResultHeaders() {}

  static void copy(String json, Response response) {
    try {
      for (JsonNode pair : MAPPER.readTree(json)) {
        String name = pair.get(0).asText();
        if (!FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
          response.getHeaders().add(name, pair.get(1).asText());
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored headers are not a JSON array of pairs", e);
    }
  }
}
