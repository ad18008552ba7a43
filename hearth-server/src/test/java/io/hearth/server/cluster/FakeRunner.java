package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.core.ledger.Resources;
import io.hearth.protocol.LeaseExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner's allocs API reduced to what routing needs: one offer of what is free (its id changes
 * with every grant), accepts on the current offer only, get, keepalive and free of its allocs.
 * Records what it was asked. Synchronized: one lock for all of it.
 */
class FakeRunner implements LeaseExchange.Handler {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String nodeId;
  final Resources capacity;
  private Resources available;
  private int gen = 1;
  private int next = 1;
  /** Answer this status to every accept instead (simulating a race). */
  int refuseAcceptsWith;
  final Map<String, Resources> allocs = new LinkedHashMap<>();
  final List<String> asked = new ArrayList<>();

  FakeRunner(String nodeId, Resources capacity, Resources available) {
    this.nodeId = nodeId;
    this.capacity = capacity;
    this.available = available;
  }

  String offerId() {
    return nodeId + "." + gen;
  }

  @Override
  public synchronized void handle(LeaseExchange.Request r, LeaseExchange.Reply reply) throws IOException {
    List<String> s = r.segments();
    asked.add(r.method() + " /" + String.join("/", s));
    if (s.equals(List.of("v2", "offers"))) {
      ObjectNode out = JSON.createObjectNode();
      if (available.memoryBytes() > 0 && available.cpuMillis() > 0) {
        ObjectNode o = out.putArray("items").addObject();
        o.put("id", offerId());
        o.put("node_id", nodeId);
        o.set("available", ResourcesJson.write(available));
        o.set("capacity", ResourcesJson.write(capacity));
      } else {
        out.putArray("items");
      }
      answer(reply, 200, out);
    } else if (s.equals(List.of("v2", "allocs")) && r.method().equals("POST")) {
      JsonNode body = JSON.readTree(r.body());
      Resources want = ResourcesJson.read(body.get("resources"), "resources");
      if (refuseAcceptsWith != 0) {
        answer(reply, refuseAcceptsWith, JSON.createObjectNode().put("message", "refused by the test"));
        return;
      }
      if (body.hasNonNull("offer_id") && !body.get("offer_id").asText().equals(offerId())
          || !available.covers(want)) {
        answer(reply, 409, JSON.createObjectNode().put("message", "offer expired"));
        return;
      }
      String id = nodeId + ".A" + next++;
      available = available.minus(want);
      gen++;
      allocs.put(id, want);
      answer(reply, 201, JSON.createObjectNode().put("id", id).put("node_id", nodeId).put("state", "active"));
    } else if (s.size() >= 3 && allocs.containsKey(s.get(2))) {
      String id = s.get(2);
      if (r.method().equals("DELETE")) {
        available = available.plus(allocs.remove(id));
        gen++;
        answer(reply, 200, JSON.createObjectNode().put("id", id).put("state", "freed"));
      } else if (s.size() == 4 && s.get(3).equals("keepalive")) {
        answer(reply, 200, JSON.createObjectNode().put("granted_secs", 120));
      } else {
        answer(reply, 200, JSON.createObjectNode().put("id", id).put("node_id", nodeId).put("state", "active"));
      }
    } else {
      answer(reply, 404, JSON.createObjectNode().put("message", "Alloc not found"));
    }
  }

  private static void answer(LeaseExchange.Reply reply, int status, JsonNode body) throws IOException {
    try (OutputStream out = reply.open(status, "application/json")) {
      out.write(JSON.writeValueAsBytes(body));
    }
  }
}
