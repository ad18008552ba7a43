package io.hearth.server.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.leases.LeaseJson;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocRecord;
import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.LeaseStore;
import io.hearth.server.http.ErrorBodies;
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
 * Records are written by the leases API's {@link LeaseJson}, so that one reads the same from every node.
 */
final class AllocListing {
  private final LeaseStore store;
  private final InstantSource clock;
  private final ObjectMapper mapper;
  private final LeaseJson json;

  AllocListing(LeaseStore store, InstantSource clock, ObjectMapper mapper) {
    this.store = store;
    this.clock = clock;
    this.mapper = mapper;
    this.json = new LeaseJson(mapper);
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
    Page<AllocRecord> stored = store.list(q);
    Instant now = clock.instant();
    AllocState wanted = q.state();
    Page<AllocRecord> page = new Page<>(stored.items().stream().map(r -> current(r, now))
        .filter(r -> wanted == null || r.alloc().state() == wanted) // the store lags the nodes by an expiry sweep
        .toList(), stored.nextCursor());
    answer(reply, 200, json.allocs(page));
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

  /** The record as it stands at {@code now}: an active alloc whose lease ran out reads expired. */
  static AllocRecord current(AllocRecord r, Instant now) {
    AllocRow a = r.alloc();
    if (a.state() != AllocState.ACTIVE || a.expiresAt().isAfter(now)) {
      return r;
    }
    return new AllocRecord(new AllocRow(a.id(), a.nodeId(), a.owner(), a.labels(), a.resources(), AllocState.EXPIRED,
        a.createdAt(), a.lastKeepaliveAt(), a.expiresAt(), null), r.execs());
  }

  private void answer(LeaseExchange.Reply reply, int status, Object body) throws IOException {
    try (OutputStream out = reply.open(status, "application/json")) {
      out.write(ErrorBodies.terminated(status, mapper.writeValueAsBytes(body)));
    }
  }
}
