package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Finds apps, functions and triggers by name, as people name them, and lists every page. */
final class Lookup {
  private final ApiClient api;

  Lookup(ApiClient api) {
    this.api = api;
  }

  Optional<JsonNode> app(String name) {
    return first(api.get("/v2/apps" + ApiClient.query(Map.of("name", name))));
  }

  JsonNode requireApp(String name) {
    return app(name).orElseThrow(() -> CliFailure.server("app '" + name + "' not found"));
  }

  Optional<JsonNode> fn(String appId, String name) {
    return first(api.get("/v2/fns" + ApiClient.query(ordered("app_id", appId, "name", name))));
  }

  JsonNode requireFn(String appName, String fnName) {
    JsonNode app = requireApp(appName);
    return fn(app.get("id").asText(), fnName)
        .orElseThrow(() -> CliFailure.server("function '" + fnName + "' not found in app '" + appName + "'"));
  }

  Optional<JsonNode> trigger(String appId, String fnId, String name) {
    return first(api.get("/v2/triggers" + ApiClient.query(ordered("app_id", appId, "fn_id", fnId, "name", name))));
  }

  /** Every item of a list, following next_cursor page after page. */
  ArrayNode all(String path, Map<String, String> params) {
    ArrayNode out = ApiClient.JSON.createArrayNode();
    String cursor = null;
    do {
      Map<String, String> q = new LinkedHashMap<>(params);
      q.put("per_page", "100");
      q.put("cursor", cursor);
      JsonNode page = api.get(path + ApiClient.query(q));
      page.path("items").forEach(out::add);
      cursor = page.path("next_cursor").asText(null);
      if (page.path("items").isEmpty()) {
        cursor = null;
      }
    } while (cursor != null && !cursor.isEmpty());
    return out;
  }

  static Map<String, String> ordered(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static Optional<JsonNode> first(JsonNode page) {
    JsonNode items = page.path("items");
    return items.isArray() && !items.isEmpty() ? Optional.of(items.get(0)) : Optional.empty();
  }
}
