package io.hearth.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fields of JSON request bodies read the same way by every API that validates them: each refusal
 * is a 400 naming the field.
 */
public final class JsonInput {
  private JsonInput() {}

  /** A string field, null when absent or JSON null. */
  public static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("Invalid " + field + ": must be a string");
    }
    return InputText.storable(v.asText(), field);
  }

  /**
   * An object of strings (labels, env), sorted by key; empty when absent or JSON null.
   *
   * @param maxKeys  most keys allowed
   * @param maxKey   longest key, in characters (keys are at least 1)
   * @param maxValue longest value, in characters
   */
  public static Map<String, String> strings(JsonNode n, String field, int maxKeys, int maxKey, int maxValue) {
    JsonNode v = n.get(field);
    Map<String, String> out = new TreeMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw ApiException.badRequest("Invalid " + field + ": must be an object of strings");
    }
    if (v.size() > maxKeys) {
      throw ApiException.badRequest("Invalid " + field + ": at most " + maxKeys + " keys");
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      String key = e.getKey();
      String name = field + "." + InputText.shorten(key);
      if (key.isEmpty() || key.length() > maxKey) {
        throw ApiException.badRequest(
            "Invalid " + field + " key '" + InputText.shorten(key) + "': 1 to " + maxKey + " characters");
      }
      InputText.storable(key, field + " key");
      if (!e.getValue().isTextual()) {
        throw ApiException.badRequest("Invalid " + name + ": must be a string");
      }
      String value = InputText.storable(e.getValue().asText(), name);
      if (value.length() > maxValue) {
        throw ApiException.badRequest("Invalid " + name + ": at most " + maxValue + " characters");
      }
      out.put(key, value);
    }
    return out;
  }
}
