package io.hearth.server.node;

import io.hearth.agent.Agent;
import io.hearth.agent.FnContainer;
import io.hearth.core.pool.PoolContainer;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.store.functions.FnStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v2/fns/{fn_id}/containers}: a function's containers on this node, oldest first, with
 * their states (starting, idle, frozen, busy). All-in-one nodes list their own pool; an api node
 * runs no containers and answers 501 with where to look instead ({@link #registerElsewhere}).
 */
public final class FnContainersApi {
  /** RFC 3339 with milliseconds, UTC, as every timestamp of the API. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  static final String ELSEWHERE = "This node runs no containers: in a cluster a function's containers run on the"
      + " runners, and warm containers are listed by all-in-one nodes only (an lb's GET /v2/runners counts each"
      + " runner's warm containers per function)";

  private final String nodeId;
  private final Agent agent;
  private final FnStore fns;

  public FnContainersApi(String nodeId, Agent agent, FnStore fns) {
    this.nodeId = nodeId;
    this.agent = agent;
    this.fns = fns;
  }

  public void register(Router router) {
    router.on("GET", "/v2/fns/{fn_id}/containers", this::list);
  }

  /** On a node without an agent (an api node): 404 for an unknown function, else 501 saying where containers are. */
  public static void registerElsewhere(Router router, FnStore fns) {
    router.on("GET", "/v2/fns/{fn_id}/containers", ex -> {
      if (fns.get(ex.segment(2)).isEmpty()) {
        throw ApiException.notFound("Fn not found");
      }
      throw new ApiException(501, ELSEWHERE);
    });
  }

  private void list(Exchange ex) {
    String fnId = ex.segment(2);
    if (fns.get(fnId).isEmpty()) {
      throw ApiException.notFound("Fn not found");
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (FnContainer c : agent.containers(fnId)) {
      items.add(json(c));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node_id", nodeId);
    body.put("items", items);
    ex.json(200, body);
  }

  static Map<String, Object> json(FnContainer c) {
    PoolContainer p = c.pool();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", c.engineId());
    out.put("name", c.name());
    out.put("state", p.state());
    out.put("image", p.image());
    out.put("memory_mb", p.memoryMb());
    out.put("launched_at", time(p.launched()));
    out.put("last_used_at", time(p.lastUsed()));
    out.put("idle_since", time(p.idleSince()));
    out.put("calls", p.calls());
    out.put("startup_ms", p.startup().toMillis());
    out.put("prewarmed", p.prewarmed());
    return out;
  }

  private static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }
}
