package io.hearth.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Renders domain records as Fn's API v2 JSON objects (field names exactly as Fn's). */
final class ApiJson {
  /** The only trigger type. */
  static final String HTTP = "http";
  /** RFC 3339 with milliseconds, UTC. */
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final ObjectMapper mapper;

  ApiJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode app(App a) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", a.id());
    n.put("name", a.name());
    n.set("config", strings(a.config()));
    n.set("annotations", annotations(a.annotations()));
    if (a.syslogUrl() != null) {
      n.put("syslog_url", a.syslogUrl());
    }
    if (a.shape() != null) {
      n.put("shape", a.shape());
    }
    n.put("created_at", time(a.createdAt()));
    n.put("updated_at", time(a.updatedAt()));
    return n;
  }

  ObjectNode fn(Fn f, String baseUrl) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", f.id());
    n.put("name", f.name());
    n.put("app_id", f.appId());
    n.put("image", f.image());
    n.put("memory", f.memoryMb());
    n.put("timeout", f.timeoutSecs());
    n.put("idle_timeout", f.idleTimeoutSecs());
    n.set("config", strings(f.config()));
    ObjectNode annotations = annotations(f.annotations());
    annotations.put("fnproject.io/fn/invokeEndpoint", baseUrl + "/invoke/" + f.id());
    n.set("annotations", annotations);
    if (f.shape() != null) {
      n.put("shape", f.shape());
    }
    n.put("created_at", time(f.createdAt()));
    n.put("updated_at", time(f.updatedAt()));
    return n;
  }

  /** A trigger; {@code appName} makes its {@code fnproject.io/trigger/httpEndpoint} annotation. */
  ObjectNode trigger(Trigger t, String appName, String baseUrl) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", t.id());
    n.put("name", t.name());
    n.put("app_id", t.appId());
    n.put("fn_id", t.fnId());
    n.put("type", t.type());
    n.put("source", t.source());
    ObjectNode annotations = annotations(t.annotations());
    if (HTTP.equals(t.type())) {
      String path = t.source().startsWith("/") ? t.source().substring(1) : t.source();
      annotations.put("fnproject.io/trigger/httpEndpoint", baseUrl + "/t/" + appName + "/" + path);
    }
    n.set("annotations", annotations);
    n.put("created_at", time(t.createdAt()));
    n.put("updated_at", time(t.updatedAt()));
    return n;
  }

  private ObjectNode strings(Map<String, String> map) {
    ObjectNode n = mapper.createObjectNode();
    map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.put(e.getKey(), e.getValue()));
    return n;
  }

  private ObjectNode annotations(Map<String, String> map) {
    ObjectNode n = mapper.createObjectNode();
    map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.set(e.getKey(), parse(e.getValue())));
    return n;
  }

  private JsonNode parse(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      return mapper.getNodeFactory().textNode(json); // stored by an older writer as plain text
    }
  }

  static String time(Instant t) {
    return TIME.format(t);
  }
}
