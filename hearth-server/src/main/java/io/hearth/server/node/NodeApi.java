package io.hearth.server.node;

import io.hearth.agent.Agent;
import io.hearth.core.ledger.Holder;
import io.hearth.core.ledger.Resources;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.status.NodeStatus;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.store.functions.FunctionStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hearth's node resources: {@code GET /v2/node} (what the node holds and runs: its ledger's
 * capacity, what is used — by function containers and allocs — and what allocs hold; how long it
 * has been idle, {@code idle_secs} (null while busy), or its longest remaining lease) and
 * {@code POST /v2/fns/{fn_id}/prewarm?count=N} (start containers ahead of calls).
 */
public final class NodeApi {
  static final int MAX_PREWARM = 100;

  private final String nodeId;
  private final Agent agent;
  private final FunctionStore store;
  private final Supplier<NodeStatus.Idleness> idle;

  public NodeApi(String nodeId, Agent agent, FunctionStore store) {
    this(nodeId, agent, store, () -> NodeStatus.Idleness.UNTRACKED);
  }

  /** @param idle how long the node has been idle or its longest lease ({@link IdleWatch#idleness}) */
  public NodeApi(String nodeId, Agent agent, FunctionStore store, Supplier<NodeStatus.Idleness> idle) {
    this.nodeId = nodeId;
    this.agent = agent;
    this.store = store;
    this.idle = idle;
  }

  public void register(Router router) {
    router.on("GET", "/v2/node", this::status);
    router.on("POST", "/v2/fns/{fn_id}/prewarm", this::prewarm);
  }

  private void status(Exchange ex) {
    NodeStatus s = agent.status();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node_id", nodeId);
    body.put("capacity", json(s.capacity()));
    body.put("used", json(s.used())); // function containers and allocs alike: the ledger's
    body.put("leased", json(agent.ledger().usedBy(Holder.Kind.ALLOCATION)));
    body.put("containers", s.containersByState());
    body.put("warm_by_fn", s.warmByFn());
    body.put("calls_waiting", s.callsWaiting());
    body.put("cold_starts", s.coldStarts());
    body.put("warm_starts", s.warmStarts());
    body.put("refused", s.refused());
    body.put("evictions", s.evictions());
    NodeStatus.Idleness idleness = idle.get();
    body.put("idle_secs", idleness.idleSecs() < 0 ? null : idleness.idleSecs()); // null: it holds or runs something
    body.put("longest_lease_secs", idleness.longestLeaseSecs());
    ex.json(200, body);
  }

  /** Resources as the API writes them: memory, CPU, disk and GPUs always, then any named resource by its name. */
  static Map<String, Long> json(Resources r) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("memory_bytes", r.memoryBytes());
    out.put("cpu_mcpus", r.cpuMillis());
    out.put("disk_bytes", r.amount(Resources.DISK));
    out.put("gpus", r.amount(Resources.GPU));
    r.named().forEach((name, amount) -> {
      if (!name.equals(Resources.DISK) && !name.equals(Resources.GPU)) {
        out.put(name, amount);
      }
    });
    return out;
  }

  private void prewarm(Exchange ex) {
    Fn fn = store.fns().get(ex.segment(2)).orElseThrow(() -> ApiException.notFound("Fn not found"));
    App app = store.apps().get(fn.appId()).orElseThrow(() -> ApiException.notFound("App not found"));
    int count = 1;
    String raw = ex.query("count");
    if (raw != null && !raw.isEmpty()) {
      try {
        count = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (count < 1 || count > MAX_PREWARM) {
        throw ApiException.badRequest("Invalid count '" + raw + "': must be a whole number from 1 to " + MAX_PREWARM);
      }
    }
    agent.prewarm(app, fn, count);
    ex.json(202, Map.of("message", "starting up to " + count + " container(s) of fn " + fn.id()
        + " as room allows; GET /v2/node shows them"));
  }
}
