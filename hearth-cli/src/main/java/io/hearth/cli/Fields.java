package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Options of the form KEY=VALUE turned into the API's JSON objects. */
final class Fields {
  private Fields() {}

  /** Config pairs as a JSON object of strings; {@code KEY=} (empty) deletes the key on update. */
  static ObjectNode config(List<String> pairs) {
    ObjectNode n = ApiClient.JSON.createObjectNode();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw CliFailure.usage("expected KEY=VALUE, not '" + p + "'");
      }
      n.put(p.substring(0, eq), p.substring(eq + 1));
    }
    return n;
  }

  /**
   * Annotation pairs: each value is JSON ({@code KEY=1}, {@code KEY="text"}, {@code KEY={"a":1}});
   * a value that is not JSON is taken as a string. {@code KEY=} deletes the key on update.
   */
  static ObjectNode annotations(List<String> pairs) {
    ObjectNode n = ApiClient.JSON.createObjectNode();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw CliFailure.usage("expected KEY=JSON, not '" + p + "'");
      }
      String key = p.substring(0, eq);
      String value = p.substring(eq + 1);
      if (value.isEmpty()) {
        n.putNull(key);
        continue;
      }
      try {
        n.set(key, ApiClient.JSON.readTree(value));
      } catch (IOException e) {
        n.put(key, value);
      }
    }
    return n;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }

  /** Sets each non-null value. */
  static ObjectNode object(Map<String, Object> values) {
    ObjectNode n = ApiClient.JSON.createObjectNode();
    values.forEach((k, v) -> {
      if (v instanceof JsonNode j) {
        n.set(k, j);
      } else if (v instanceof Integer i) {
        n.put(k, i);
      } else if (v != null) {
        n.put(k, v.toString());
      }
    });
    return n;
  }
}
