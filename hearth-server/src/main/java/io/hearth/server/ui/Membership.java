package io.hearth.server.ui;

import io.hearth.server.http.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The nodes the dashboard knows: {@code GET /v2/nodes} (this node, and on an api node every runner
 * of the datastore's registry, with its status by heartbeat and its drain state) and the
 * {@code node} event when a node joins, leaves, goes silent or starts draining. Capacity and class
 * are the offers' ({@code GET /v2/offers}), which the page reads beside this.
 *
 * <p>State: {@code last} belongs to the one watcher task ({@link #run}, one run at a time).
 */
public final class Membership implements Runnable {
  /**
   * One node.
   *
   * @param status       {@code up}, {@code draining} or {@code silent} (no heartbeat within the runners' TTL)
   * @param instanceType its class where this node knows it (its own), else null: the offers say it
   */
  public record Member(String id, String role, String address, String status, boolean draining, Instant joinedAt,
      Instant heartbeatAt, String instanceType) {}

  private final Supplier<List<Member>> members;
  private final EventHub hub;
  private Map<String, String> last;

  Membership(Supplier<List<Member>> members, EventHub hub) {
    this.members = members;
    this.hub = hub;
  }

  void register(Router router) {
    router.on("GET", "/v2/nodes", ex -> {
      List<Map<String, Object>> items = new ArrayList<>();
      members.get().forEach(m -> items.add(json(m)));
      ex.json(200, Map.of("items", items));
    });
  }

  /** Publishes a {@code node} event for each node whose status changed since the last run (none on the first). */
  @Override
  public void run() {
    Map<String, String> now = new HashMap<>();
    Map<String, Member> byId = new HashMap<>();
    for (Member m : members.get()) {
      now.put(m.id(), m.status());
      byId.put(m.id(), m);
    }
    if (last != null) {
      now.forEach((id, status) -> {
        if (!status.equals(last.get(id))) {
          hub.publish("node", Map.of("id", id, "status", status, "role", byId.get(id).role()));
        }
      });
      last.keySet().stream().filter(id -> !now.containsKey(id))
          .forEach(id -> hub.publish("node", Map.of("id", id, "status", "gone")));
    }
    last = now;
  }

  static Map<String, Object> json(Member m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("role", m.role());
    out.put("address", m.address());
    out.put("status", m.status());
    out.put("draining", m.draining());
    out.put("joined_at", m.joinedAt() == null ? null : m.joinedAt().toString());
    out.put("heartbeat_at", m.heartbeatAt() == null ? null : m.heartbeatAt().toString());
    out.put("instance_type", m.instanceType());
    return out;
  }
}
