package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.protocol.LeaseExchange;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.LeaseStore;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/**
 * {@code GET /v2/allocs?owner=&state=&cursor=&per_page=} on an api node: every node's allocs, read
 * from the shared lease store (no runner is asked), newest first, a page at a time. An active
 * alloc whose lease has run out reads {@code expired}, as its node would answer.
 *
 * <p>STAND-IN: the records are written here until the leases API's public JSON writer is on main;
 * then {@link #write} should call it so that a record reads the same from every node.
 */
final class AllocListing {
  private final LeaseStore store;
  private final InstantSource clock;
  private final ObjectMapper mapper;

  AllocListing(LeaseStore store, InstantSource clock, ObjectMapper mapper) {
    this.store = store;
    this.clock = clock;
    this.mapper = mapper;
  }

  void list(Map<String, String> query, LeaseExchange.Reply reply) throws IOException {
    AllocQuery q;
    try {
      String state = query.get("state");
      q = new AllocQuery(query.get("owner"), state == null || state.isEmpty() ? null : AllocState.ofWire(state),
          query.get("cursor"), perPage(query.get("per_page")));
    } catch (IllegalArgumentException e) {
      String m = e.getMessage() != null && e.getMessage().startsWith("Unknown alloc state") ? e.getMessage()
          : e.getMessage() != null && e.getMessage().startsWith("Invalid per_page") ? e.getMessage()
          : "Invalid cursor: pass the next_cursor of the previous page unchanged";
      answer(reply, 400, mapper.createObjectNode().put("message", m));
      return;
    }
    Page<AllocRecord> page = store.list(q);
    Instant now = clock.instant();
    ObjectNode out = mapper.createObjectNode();
    ArrayNode items = out.putArray("items");
    for (AllocRecord r : page.items()) {
      items.add(write(r, now));
    }
    if (page.nextCursor() != null) {
      out.put("next_cursor", page.nextCursor());
    }
    answer(reply, 200, out);
  }

  private static int perPage(String raw) {
    if (raw == null || raw.isEmpty()) {
      return ListQuery.DEFAULT_PER_PAGE;
    }
    try {
      int n = Integer.parseInt(raw.strip());
      return n <= 0 ? ListQuery.DEFAULT_PER_PAGE : n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid per_page '" + raw + "': must be a whole number from 1 to "
          + ListQuery.MAX_PER_PAGE);
    }
  }

  ObjectNode write(AllocRecord r, Instant now) {
    AllocRow a = r.alloc();
    AllocState state = a.state() == AllocState.ACTIVE && !a.expiresAt().isAfter(now) ? AllocState.EXPIRED : a.state();
    ObjectNode o = mapper.createObjectNode();
    o.put("id", a.id());
    o.put("node_id", a.nodeId());
    o.set("resources", mapper.valueToTree(a.resources()));
    o.put("owner", a.owner());
    o.set("labels", mapper.valueToTree(a.labels()));
    o.put("state", state.wire());
    o.put("created_at", a.createdAt().toString());
    o.put("last_keepalive_at", a.lastKeepaliveAt().toString());
    o.put("expires_at", a.expiresAt().toString());
    if (a.endedAt() != null) {
      o.put("ended_at", a.endedAt().toString());
    }
    ArrayNode execs = o.putArray("execs");
    for (ExecRow e : r.execs()) {
      ObjectNode x = execs.addObject();
      x.put("id", e.id());
      x.put("image", e.image());
      x.set("cmd", mapper.valueToTree(e.cmd()));
      x.set("resources", mapper.valueToTree(e.resources()));
      x.set("labels", mapper.valueToTree(e.labels()));
      x.put("state", e.state().wire());
      if (e.exitCode() != null) {
        x.put("exit_code", e.exitCode());
      }
      x.put("oom", e.oom());
      if (e.error() != null) {
        x.put("error", e.error());
      }
      x.put("created_at", e.createdAt().toString());
      if (e.startedAt() != null) {
        x.put("started_at", e.startedAt().toString());
      }
      if (e.finishedAt() != null) {
        x.put("finished_at", e.finishedAt().toString());
      }
    }
    return o;
  }

  private void answer(LeaseExchange.Reply reply, int status, Object body) throws IOException {
    try (OutputStream out = reply.open(status, "application/json")) {
      out.write(mapper.writeValueAsBytes(body));
    }
  }
}
