package io.hearth.store.calls;

import io.hearth.store.Database;
import io.hearth.store.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard watches in the shared datastore, the same on every node: the call records
 * completed since a moment (whichever node wrote them: an all-in-one node, or the runners of a
 * cluster) and how many async calls wait or run in the call queue. Indexed reads (migration 7.1
 * for {@code completed_at}); stateless apart from the {@link Database}; thread-safe.
 */
public final class CallFeed {
  private final Database db;

  public CallFeed(Database db) {
    this.db = db;
  }

  /** Up to {@code limit} calls completed after {@code since}, oldest first. */
  public List<CallRecord> completedAfter(Instant since, int limit) {
    return db.query(JdbcCallStore.SELECT + " WHERE completed_at > ? ORDER BY completed_at, id LIMIT ?", ps -> {
      Jdbc.setInstant(ps, 1, since);
      ps.setInt(2, limit);
    }, JdbcCallStore::map);
  }

  /** The call queue's unfinished calls by state ({@code queued}, {@code running}). */
  public Map<String, Long> queueByState() {
    Map<String, Long> out = new TreeMap<>(Map.of("queued", 0L, "running", 0L));
    db.query("SELECT state, COUNT(*) FROM call_queue WHERE state IN ('queued', 'running') GROUP BY state",
        ps -> { }, r -> out.put(r.getString(1), r.getLong(2)));
    return out;
  }
}
