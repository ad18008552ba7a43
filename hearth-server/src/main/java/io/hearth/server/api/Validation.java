package io.hearth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Fn's validation rules for API objects (COMPAT-FN.md section 3); every failure is a 400 with a reason. */
final class Validation {
  private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  /** Function names end up in URL paths: letters, digits and the unreserved punctuation only. */
  private static final Pattern FN_NAME = Pattern.compile("[A-Za-z0-9_.~-]{1,255}");
  static final Set<String> SHAPES = Set.of("GENERIC_X86", "GENERIC_ARM", "GENERIC_X86_ARM");
  private static final int MAX_ANNOTATION_KEYS = 100;
  private static final int MAX_ANNOTATION_KEY_BYTES = 128;
  private static final int MAX_ANNOTATION_VALUE_BYTES = 512;

  private Validation() {}

  static String appName(JsonNode node) {
    String name = text(node, "name");
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest("Missing app name");
    }
    if (!APP_NAME.matcher(name).matches()) {
      throw ApiException.badRequest("Invalid app name '" + name
          + "': use 1 to 255 letters, digits, '_' or '-'");
    }
    return name;
  }

  static String fnName(JsonNode node) {
    String name = text(node, "name");
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest("Missing fn name");
    }
    if (!FN_NAME.matcher(name).matches()) {
      throw ApiException.badRequest("Invalid fn name '" + name
          + "': use 1 to 255 letters, digits, '_', '-', '.' or '~'");
    }
    return name;
  }

  /** A string field, null when absent or JSON null; 400 when present with another type. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("Invalid " + field + ": must be a string");
    }
    return v.asText();
  }

  /** An integer field within bounds, or the default when absent. */
  static int integer(JsonNode node, String field, int min, int max, int fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw ApiException.badRequest("Invalid " + field + ": must be a whole number from " + min + " to " + max);
    }
    return v.asInt();
  }

  static String shape(JsonNode node) {
    String shape = text(node, "shape");
    if (shape != null && !shape.isEmpty() && !SHAPES.contains(shape)) {
      throw ApiException.badRequest("Invalid shape '" + shape + "': use one of " + String.join(", ", SHAPES));
    }
    return shape == null || shape.isEmpty() ? null : shape;
  }

  /** The config object: string values only; an empty string (or null) means "delete this key". */
  static Map<String, String> config(JsonNode node) {
    JsonNode v = node.get("config");
    Map<String, String> out = new HashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw ApiException.badRequest("Invalid config: must be an object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().isEmpty()) {
        throw ApiException.badRequest("Invalid config: keys must not be empty");
      }
      if (e.getValue().isNull()) {
        out.put(e.getKey(), "");
      } else if (e.getValue().isTextual()) {
        out.put(e.getKey(), e.getValue().asText());
      } else {
        throw ApiException.badRequest("Invalid config value for '" + e.getKey() + "': must be a string");
      }
    }
    return out;
  }

  /** The annotations object as compact JSON texts; a null value (kept as null) means "delete". */
  static Map<String, String> annotations(JsonNode node, ObjectMapper mapper) {
    JsonNode v = node.get("annotations");
    Map<String, String> out = new HashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw ApiException.badRequest("Invalid annotations: must be an object");
    }
    if (v.size() > MAX_ANNOTATION_KEYS) {
      throw ApiException.badRequest("Invalid annotations: at most " + MAX_ANNOTATION_KEYS + " keys");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_ANNOTATION_KEY_BYTES
          || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw ApiException.badRequest("Invalid annotation key '" + key
            + "': use 1 to 128 printable ASCII characters without spaces");
      }
      if (e.getValue().isNull()) {
        out.put(key, null);
        continue;
      }
      String json;
      try {
        json = mapper.writeValueAsString(e.getValue());
      } catch (Exception ex) {
        throw ApiException.badRequest("Invalid annotation value for '" + key + "'");
      }
      if (json.equals("\"\"") || json.equals("{}") || json.equals("[]")) {
        throw ApiException.badRequest("Invalid annotation value for '" + key + "': must not be empty");
      }
      if (json.getBytes(StandardCharsets.UTF_8).length > MAX_ANNOTATION_VALUE_BYTES) {
        throw ApiException.badRequest("Invalid annotation value for '" + key + "': at most "
            + MAX_ANNOTATION_VALUE_BYTES + " bytes of JSON");
      }
      out.put(key, json);
    }
    return out;
  }

  /** Fn's merge: keys mapped to "" (config) or null (annotations) are deleted, others upserted. */
  static Map<String, String> merge(Map<String, String> current, Map<String, String> patch, boolean emptyDeletes) {
    Map<String, String> out = new HashMap<>(current);
    patch.forEach((k, v) -> {
      if (v == null || (emptyDeletes && v.isEmpty())) {
        out.remove(k);
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  /** For creates: deletions in a patch mean nothing, so drop them. */
  static Map<String, String> withoutDeletions(Map<String, String> patch, boolean emptyDeletes) {
    return merge(Map.of(), patch, emptyDeletes);
  }
}
