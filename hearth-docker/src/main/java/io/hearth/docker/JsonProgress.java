package io.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads the engine's stream of JSON objects (pull and build progress, events) one object at a time
 * as they arrive. Stateless.
 */
final class JsonProgress {
  private JsonProgress() {}

  /**
   * Hands every object to {@code each} until the stream ends; returns the first error the stream
   * reports ({@code errorDetail.message}, else {@code error}), or null when there was none.
   */
  static String read(InputStream in, ObjectMapper json, Consumer<JsonNode> each) throws IOException {
    try (MappingIterator<JsonNode> it = json.readerFor(JsonNode.class).readValues(in)) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        String error = errorOf(n);
        if (error != null) {
          return error;
        }
        each.accept(n);
      }
    } catch (RuntimeException e) {
      // MappingIterator wraps I/O errors in unchecked ones
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
    return null;
  }

  static String errorOf(JsonNode n) {
    JsonNode detail = n.path("errorDetail").path("message");
    if (detail.isTextual() && !detail.asText().isBlank()) {
      return detail.asText();
    }
    JsonNode error = n.get("error");
    if (error != null && !error.isNull()) {
      return error.isTextual() ? error.asText() : error.toString();
    }
    return null;
  }
}
