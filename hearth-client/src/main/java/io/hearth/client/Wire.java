package io.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.core.ledger.Resources;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The leases API's JSON, both ways. Resources are {@code {"memory_bytes", "cpu_mcpus", "disk_bytes",
 * "gpus", ...}} with any other key a named resource; times are RFC 3339. Reading is lenient about
 * fields the client does not need (missing labels, execs, ended_at) and strict about those it does
 * (ids, states, expiry): a malformed answer is an {@link ApiException} with no status.
 */
final class Wire {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String MEMORY = "memory_bytes";
  static final String CPU = "cpu_mcpus";
  static final String DISK = "disk_bytes";
  static final String GPUS = "gpus";

  private Wire() {}

  static ObjectNode resources(Resources r) {
    ObjectNode n = JSON.createObjectNode();
    n.put(MEMORY, r.memoryBytes());
    n.put(CPU, r.cpuMillis());
    n.put(DISK, r.amount(Resources.DISK));
    n.put(GPUS, r.amount(Resources.GPU));
    r.named().forEach((name, amount) -> {
      if (!name.equals(Resources.DISK) && !name.equals(Resources.GPU)) {
        n.put(name, amount);
      }
    });
    return n;
  }

  static Resources resources(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return Resources.ZERO;
    }
    if (!n.isObject()) {
      throw malformed("resources are not an object: " + n);
    }
    long memory = 0;
    long cpu = 0;
    Map<String, Long> named = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!e.getValue().canConvertToLong()) {
        throw malformed("resource " + e.getKey() + " is not a whole number: " + e.getValue());
      }
      long v = e.getValue().asLong();
      switch (e.getKey()) {
        case MEMORY -> memory = v;
        case CPU -> cpu = v;
        case DISK -> named.put(Resources.DISK, v);
        case GPUS -> named.put(Resources.GPU, v);
        default -> named.put(e.getKey(), v);
      }
    }
    try {
      return new Resources(memory, cpu, named);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  static ObjectNode allocRequest(AllocRequest r) {
    ObjectNode n = JSON.createObjectNode();
    r.offerId().ifPresent(id -> n.put("offer_id", id));
    n.set("resources", resources(r.resources()));
    n.put("owner", r.owner());
    if (!r.labels().isEmpty()) {
      n.set("labels", strings(r.labels()));
    }
    r.keepalive().ifPresent(k -> n.put("keepalive_secs", k.toSeconds()));
    return n;
  }

  static ObjectNode execRequest(ExecRequest r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("image", r.image());
    r.cmd().forEach(n.putArray("cmd")::add);
    if (!r.env().isEmpty()) {
      n.set("env", strings(r.env()));
    }
    r.resources().ifPresent(res -> n.set("resources", resources(res)));
    r.timeout().ifPresent(t -> n.put("timeout_secs", t.toSeconds()));
    if (!r.labels().isEmpty()) {
      n.set("labels", strings(r.labels()));
    }
    if (!r.mounts().isEmpty()) {
      n.set("mounts", strings(r.mounts()));
    }
    return n;
  }

  static Offers offers(JsonNode n) {
    List<Offer> items = new ArrayList<>();
    for (JsonNode o : n.path("items")) {
      items.add(new Offer(required(o, "id"), required(o, "node_id"), resources(o.get("available")),
          resources(o.get("capacity")), text(o, "instance_type")));
    }
    List<String> unreachable = new ArrayList<>();
    n.path("unreachable").forEach(u -> unreachable.add(u.asText()));
    return new Offers(items, unreachable);
  }

  static Alloc alloc(JsonNode n) {
    try {
      Instant created = time(n, "created_at").orElseThrow(() -> malformed("an alloc without created_at"));
      List<Exec> execs = new ArrayList<>();
      for (JsonNode e : n.path("execs")) {
        if (e.isObject()) {
          execs.add(exec(e, required(n, "id")));
        }
      }
      return new Alloc(required(n, "id"), text(n, "node_id").orElse(""), resources(n.get("resources")),
          text(n, "owner").orElse(""), strings(n.path("labels")), Alloc.State.of(required(n, "state")), created,
          time(n, "last_keepalive_at").orElse(created),
          time(n, "expires_at").orElseThrow(() -> malformed("an alloc without expires_at")),
          time(n, "ended_at"), execs);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  static AllocPage allocPage(JsonNode n) {
    List<Alloc> items = new ArrayList<>();
    n.path("items").forEach(a -> items.add(alloc(a)));
    return new AllocPage(items, text(n, "next_cursor").filter(c -> !c.isEmpty()));
  }

  static Exec exec(JsonNode n) {
    return exec(n, null);
  }

  private static Exec exec(JsonNode n, String allocId) {
    try {
      List<String> cmd = new ArrayList<>();
      n.path("cmd").forEach(c -> cmd.add(c.asText()));
      List<String> envNames = new ArrayList<>();
      n.path("env_names").forEach(c -> envNames.add(c.asText()));
      JsonNode code = n.path("exit_code");
      String alloc = allocId == null ? required(n, "alloc_id") : text(n, "alloc_id").orElse(allocId);
      return new Exec(required(n, "id"), alloc, text(n, "image").orElse(""), cmd, envNames,
          resources(n.get("resources")), strings(n.path("labels")), Exec.State.of(required(n, "state")),
          code.canConvertToInt() ? OptionalInt.of(code.asInt()) : OptionalInt.empty(), n.path("oom").asBoolean(false),
          time(n, "created_at"), time(n, "started_at"), time(n, "finished_at"), text(n, "error"));
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  static Granted granted(JsonNode n) {
    JsonNode secs = n.path("granted_secs");
    if (!secs.isNumber()) {
      throw malformed("a keepalive answer without granted_secs: " + n);
    }
    return new Granted(Duration.ofMillis(Math.round(secs.asDouble() * 1000)),
        time(n, "expires_at").orElseThrow(() -> malformed("a keepalive answer without expires_at")));
  }

  private static ObjectNode strings(Map<String, String> m) {
    ObjectNode n = JSON.createObjectNode();
    m.forEach(n::put);
    return n;
  }

  private static Map<String, String> strings(JsonNode n) {
    Map<String, String> m = new LinkedHashMap<>();
    if (n.isObject()) {
      n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    }
    return m;
  }

  private static String required(JsonNode n, String field) {
    return text(n, field).orElseThrow(() -> malformed("the answer has no " + field + ": " + n));
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<Instant> time(JsonNode n, String field) {
    return text(n, field).map(t -> {
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException e) {
        throw malformed(field + " is not an RFC 3339 time: '" + t + "'");
      }
    });
  }

  static ApiException malformed(String what) {
    return new ApiException(ApiException.NO_ANSWER, "the server's answer is not what the leases API promises: " + what);
  }
}
