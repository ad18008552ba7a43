package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the server match a {@link DeployFile}: creates what is missing, updates what differs and
 * leaves the rest alone, so deploying twice changes nothing the second time. Functions and
 * triggers that are not in the file are kept. A {@code config} in the file is the whole config:
 * keys missing from it are removed; without {@code config} the stored one is kept.
 */
final class Deployer {
  /** What was done to one object. */
  record Step(String kind, String name, String id, String action) {}

  private final ApiClient api;
  private final Lookup lookup;
  private final List<Step> steps = new ArrayList<>();

  Deployer(ApiClient api) {
    this.api = api;
    this.lookup = new Lookup(api);
  }

  List<Step> deploy(DeployFile file) {
    DeployFile.AppSpec a = file.app();
    JsonNode app = app(a);
    String appId = app.path("id").asText();
    for (DeployFile.FnSpec f : file.functions()) {
      JsonNode fn = fn(appId, a.name(), f);
      for (DeployFile.TriggerSpec t : f.triggers()) {
        trigger(appId, fn.path("id").asText(), a.name() + "/" + f.name(), t);
      }
    }
    return List.copyOf(steps);
  }

  private JsonNode app(DeployFile.AppSpec spec) {
    Optional<JsonNode> current = lookup.app(spec.name());
    if (current.isEmpty()) {
      ObjectNode body = ApiClient.JSON.createObjectNode().put("name", spec.name());
      if (spec.config() != null) {
        body.set("config", configPatch(ApiClient.JSON.createObjectNode(), spec.config()));
      }
      AppsCommand.put(body, "syslog_url", spec.syslogUrl());
      AppsCommand.put(body, "shape", spec.shape());
      annotations(body, ApiClient.JSON.createObjectNode(), spec.annotations());
      return step("app", spec.name(), api.post("/v2/apps", body), "created");
    }
    JsonNode app = current.get();
    ObjectNode patch = ApiClient.JSON.createObjectNode();
    annotations(patch, app, spec.annotations());
    if (spec.config() != null) {
      ObjectNode config = configPatch(app.path("config"), spec.config());
      if (!config.isEmpty()) {
        patch.set("config", config);
      }
    }
    change(patch, app, "syslog_url", spec.syslogUrl());
    change(patch, app, "shape", spec.shape());
    if (patch.isEmpty()) {
      return step("app", spec.name(), app, "unchanged");
    }
    return step("app", spec.name(), api.put("/v2/apps/" + ApiClient.segment(app.path("id").asText()), patch),
        "updated");
  }

  private JsonNode fn(String appId, String appName, DeployFile.FnSpec spec) {
    String name = appName + "/" + spec.name();
    Optional<JsonNode> current = lookup.fn(appId, spec.name());
    ObjectNode body = ApiClient.JSON.createObjectNode();
    JsonNode existing = current.orElse(ApiClient.JSON.createObjectNode());
    change(body, existing, "image", spec.image());
    change(body, existing, "memory", spec.memory());
    change(body, existing, "timeout", spec.timeout());
    change(body, existing, "idle_timeout", spec.idleTimeout());
    if (spec.config() != null) {
      ObjectNode config = configPatch(existing.path("config"), spec.config());
      if (!config.isEmpty()) {
        body.set("config", config);
      }
    }
    annotations(body, existing, spec.annotations());
    if (current.isEmpty()) {
      body.put("app_id", appId).put("name", spec.name());
      return step("fn", name, api.post("/v2/fns", body), "created");
    }
    if (body.isEmpty()) {
      return step("fn", name, current.get(), "unchanged");
    }
    return step("fn", name, api.put("/v2/fns/" + ApiClient.segment(current.get().path("id").asText()), body),
        "updated");
  }

  private void trigger(String appId, String fnId, String fnName, DeployFile.TriggerSpec spec) {
    String name = fnName + "/" + spec.name();
    Optional<JsonNode> current = lookup.trigger(appId, fnId, spec.name());
    if (current.isEmpty()) {
      ObjectNode body = ApiClient.JSON.createObjectNode().put("name", spec.name()).put("app_id", appId)
          .put("fn_id", fnId).put("type", spec.type()).put("source", spec.source());
      step("trigger", name, api.post("/v2/triggers", body), "created");
      return;
    }
    ObjectNode patch = ApiClient.JSON.createObjectNode();
    change(patch, current.get(), "source", spec.source());
    if (patch.isEmpty()) {
      step("trigger", name, current.get(), "unchanged");
    } else {
      step("trigger", name, api.put("/v2/triggers/" + ApiClient.segment(current.get().path("id").asText()), patch),
          "updated");
    }
  }

  /** Adds to the patch the wanted annotations the stored object lacks or holds otherwise (none removed). */
  private static void annotations(ObjectNode patch, JsonNode stored, Map<String, String> wanted) {
    if (wanted == null) {
      return;
    }
    ObjectNode changed = ApiClient.JSON.createObjectNode();
    wanted.forEach((k, v) -> {
      if (!stored.path("annotations").path(k).asText("").equals(v)) {
        changed.put(k, v);
      }
    });
    if (!changed.isEmpty()) {
      patch.set("annotations", changed);
    }
  }

  /** What to send so that the stored config becomes {@code wanted}: changed keys, and "" for removed ones. */
  static ObjectNode configPatch(JsonNode stored, Map<String, String> wanted) {
    ObjectNode patch = ApiClient.JSON.createObjectNode();
    wanted.forEach((k, v) -> {
      if (!stored.path(k).isTextual() || !stored.path(k).asText().equals(v)) {
        patch.put(k, v);
      }
    });
    for (Iterator<String> keys = stored.fieldNames(); keys.hasNext(); ) {
      String k = keys.next();
      if (!wanted.containsKey(k)) {
        patch.put(k, "");
      }
    }
    return patch;
  }

  /** Adds the field to the patch when the wanted value is given and differs from the stored one. */
  private static void change(ObjectNode patch, JsonNode stored, String field, Object wanted) {
    if (wanted == null) {
      return;
    }
    if (wanted instanceof Integer i) {
      if (!stored.path(field).isNumber() || stored.path(field).asInt() != i) {
        patch.put(field, i);
      }
    } else if (!stored.path(field).asText("").equals(wanted.toString()) || stored.path(field).isMissingNode()) {
      patch.put(field, wanted.toString());
    }
  }

  private JsonNode step(String kind, String name, JsonNode object, String action) {
    steps.add(new Step(kind, name, object.path("id").asText(), action));
    return object;
  }
}
