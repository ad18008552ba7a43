package io.hearth.server.leases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.core.ledger.Resources;
import io.hearth.server.leases.NodeLeases.Granted;
import io.hearth.server.leases.NodeLeases.Offer;
import io.hearth.store.Page;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.ExecRow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The leases API's JSON: offers, allocs with their execs, keepalive grants, pages and errors, as
 * every node writes them (an all-in-one node, a runner, an api node merging runners' answers).
 * Times are RFC 3339 in UTC with milliseconds, as the call records'; a time or exit code that is not
 * there yet is left out. Thread-safe.
 *
 * <p>An exec's environment is <em>not</em> echoed: it is how secrets reach a batch container, and an
 * alloc is readable by anyone who can list allocs (every owner's, with the API token). The exec shows
 * {@code env_names}, the variables it was given, so a caller can check what it set. (Fn shows a
 * function's config, but config is the operator's; an exec's env is the submitter's.)
 */
public final class LeaseJson {
  /** RFC 3339 with milliseconds, UTC: the format of every timestamp of the API. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final ObjectMapper mapper;

  public LeaseJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** {@code {"items": [offer...], "unreachable": [node id...]}}. */
  public ObjectNode offers(List<Offer> offers, List<String> unreachable) {
    ObjectNode out = mapper.createObjectNode();
    ArrayNode items = out.putArray("items");
    offers.forEach(o -> items.add(offer(o)));
    ArrayNode missing = out.putArray("unreachable");
    unreachable.forEach(missing::add);
    return out;
  }

  /** {@code {"id", "node_id", "available", "capacity"}}. */
  public ObjectNode offer(Offer o) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", o.id());
    n.put("node_id", o.nodeId());
    n.set("available", resources(o.available()));
    n.set("capacity", resources(o.capacity()));
    return n;
  }

  /** Reads an offer as {@link #offer} writes it (an api node reading a runner's). */
  public static Offer readOffer(JsonNode n) {
    return new Offer(n.path("id").asText(), n.path("node_id").asText(), readResources(n.path("available")),
        readResources(n.path("capacity")));
  }

  /** Reads resources as {@link #resources} writes them; keys that are not whole numbers are skipped. */
  public static Resources readResources(JsonNode n) {
    Map<String, Long> wire = new java.util.TreeMap<>();
    n.properties().forEach(e -> {
      if (e.getValue().canConvertToLong() && e.getValue().isIntegralNumber()) {
        wire.put(e.getKey(), e.getValue().asLong());
      }
    });
    return WireResources.fromWire(wire);
  }

  public ObjectNode resources(Resources r) {
    return resources(WireResources.toWire(r));
  }

  /** A wire map of resources (as kept in the lease store) as an object, sorted. */
  public ObjectNode resources(Map<String, Long> wire) {
    ObjectNode n = mapper.createObjectNode();
    new java.util.TreeMap<>(wire).forEach(n::put);
    return n;
  }

  /** Stored resources with the four fields always there (0 when missing), as {@link #resources} shows them. */
  private ObjectNode stored(Map<String, Long> wire) {
    java.util.TreeMap<String, Long> all = new java.util.TreeMap<>(wire);
    for (String f : List.of(WireResources.MEMORY_BYTES, WireResources.CPU_MCPUS, WireResources.DISK_BYTES,
        WireResources.GPUS)) {
      all.putIfAbsent(f, 0L);
    }
    return resources(all);
  }

  /** An alloc and its execs, in their order. */
  public ObjectNode alloc(AllocRecord r) {
    AllocRow a = r.alloc();
    ObjectNode n = mapper.createObjectNode();
    n.put("id", a.id());
    n.put("node_id", a.nodeId());
    n.set("resources", stored(a.resources()));
    n.put("owner", a.owner());
    n.set("labels", strings(a.labels()));
    n.put("state", a.state().wire());
    n.put("created_at", time(a.createdAt()));
    n.put("last_keepalive_at", time(a.lastKeepaliveAt()));
    n.put("expires_at", time(a.expiresAt()));
    if (a.endedAt() != null) {
      n.put("ended_at", time(a.endedAt()));
    }
    ArrayNode execs = n.putArray("execs");
    r.execs().forEach(e -> execs.add(exec(e)));
    return n;
  }

  /** An exec; its environment's names only (see the class comment). */
  public ObjectNode exec(ExecRow e) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", e.id());
    n.put("alloc_id", e.allocId());
    n.put("image", e.image());
    ArrayNode cmd = n.putArray("cmd");
    e.cmd().forEach(cmd::add);
    ArrayNode env = n.putArray("env_names");
    e.env().keySet().stream().sorted().forEach(env::add);
    n.set("resources", stored(e.resources()));
    n.set("labels", strings(e.labels()));
    n.put("state", e.state().wire());
    if (e.exitCode() != null) {
      n.put("exit_code", e.exitCode());
    }
    n.put("oom", e.oom());
    n.put("created_at", time(e.createdAt()));
    if (e.startedAt() != null) {
      n.put("started_at", time(e.startedAt()));
    }
    if (e.finishedAt() != null) {
      n.put("finished_at", time(e.finishedAt()));
    }
    if (e.error() != null) {
      n.put("error", e.error());
    }
    return n;
  }

  /** {@code {"items": [alloc...], "next_cursor"}}; the cursor only when the page was full. */
  public ObjectNode allocs(Page<AllocRecord> page) {
    ObjectNode out = mapper.createObjectNode();
    ArrayNode items = out.putArray("items");
    page.items().forEach(r -> items.add(alloc(r)));
    if (page.nextCursor() != null) {
      out.put("next_cursor", page.nextCursor());
    }
    return out;
  }

  /** {@code {"granted_secs", "expires_at"}}. */
  public ObjectNode granted(Granted g) {
    ObjectNode n = mapper.createObjectNode();
    n.put("granted_secs", g.granted().toSeconds());
    n.put("expires_at", time(g.expiresAt()));
    return n;
  }

  /** {@code {"message": ...}}, the error shape of the whole API. */
  public ObjectNode error(String message) {
    return mapper.createObjectNode().put("message", message);
  }

  public byte[] bytes(JsonNode n) {
    try {
      return mapper.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  public static String time(Instant t) {
    return TIME.format(t);
  }

  private ObjectNode strings(Map<String, String> map) {
    ObjectNode n = mapper.createObjectNode();
    new java.util.TreeMap<>(map).forEach(n::put);
    return n;
  }
}
