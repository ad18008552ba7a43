package io.hearth.store.queue;

import io.hearth.store.Database;
import io.hearth.store.Jdbc;
import io.hearth.store.SqlErrors;
import io.hearth.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The {@link CallQueue} in the call_queue table (migration V7), the same SQL on H2 and PostgreSQL.
 * A claim is one transaction: {@code SELECT ... FOR UPDATE SKIP LOCKED} of the due rows (rows
 * another claimer has locked are passed over, not waited for), then an {@code UPDATE} of each,
 * guarded again by its state. A function with a concurrency limit is claimed under a lock of its
 * row in {@code fns} ({@code SELECT ... FOR UPDATE}, taken in id order so two claimers cannot
 * deadlock): the claimer counts the function's claims held over the whole queue and takes only what
 * is left, and the next claimer of that function waits for its commit, so counts never race. Every later change is one {@code UPDATE} guarded by node, attempt
 * and state, answering whether it applied. Stateless apart from the shared {@link Database}.
 */
public final class JdbcCallQueue implements CallQueue {

  static final String COLUMNS = "id, app_id, fn_id, kind, state, node_id, claim_until, attempts, max_attempts,"
      + " run_after, created_at, started_at, completed_at, trigger_call, request_headers, request_body,"
      + " result_status, result_headers, result_body, error";
  private static final String NO_ATTEMPTS_LEFT = "no attempts left: the node running its last attempt went away";

  private final Database db;

  public JdbcCallQueue(Database db) {
    this.db = db;
  }

  @Override
  public boolean enqueue(QueuedCall call, int maxOpen) {
    return db.inTransaction(c -> {
      try (PreparedStatement count = c.prepareStatement(
          "SELECT COUNT(*) FROM call_queue WHERE fn_id = ? AND state IN ('queued', 'running')")) {
        count.setString(1, call.fnId());
        try (ResultSet r = count.executeQuery()) {
          r.next();
          if (r.getLong(1) >= maxOpen) {
            return false;
          }
        }
      }
      insert(c, call);
      return true;
    }, JdbcCallQueue::conflict);
  }

  @Override
  public void recordDetached(QueuedCall call) {
    db.run(c -> {
      insert(c, call);
      return null;
    }, JdbcCallQueue::conflict);
  }

  private static StoreException conflict(SQLException e) {
    return SqlErrors.isUniqueViolation(e) ? new StoreException.Conflict("a call with this id is queued already", e)
        : null;
  }

  private static void insert(Connection c, QueuedCall q) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO call_queue (" + COLUMNS + ") VALUES ("
        + "?, ".repeat(19) + "?)")) {
      int i = 1;
      s.setString(i++, q.id());
      s.setString(i++, q.appId());
      s.setString(i++, q.fnId());
      s.setString(i++, q.kind().column());
      s.setString(i++, q.state());
      s.setString(i++, q.nodeId());
      setInstant(s, i++, q.claimUntil());
      s.setInt(i++, q.attempts());
      s.setInt(i++, q.maxAttempts());
      setInstant(s, i++, q.runAfter());
      setInstant(s, i++, q.createdAt());
      setInstant(s, i++, q.startedAt());
      setInstant(s, i++, q.completedAt());
      s.setBoolean(i++, q.trigger());
      s.setString(i++, q.requestHeaders());
      s.setBytes(i++, q.requestBody());
      setInteger(s, i++, q.resultStatus());
      s.setString(i++, q.resultHeaders());
      s.setBytes(i++, q.resultBody());
      s.setString(i, q.error());
      s.executeUpdate();
    }
  }

  @Override
  public Optional<QueuedCall> get(String id) {
    return db.queryOne("SELECT " + COLUMNS + " FROM call_queue WHERE id = ?", s -> s.setString(1, id),
        JdbcCallQueue::row);
  }

  @Override
  public List<QueuedCall> claim(String nodeId, Instant now, Duration lease, int limit, Collection<String> skipFns,
      java.util.function.ToIntFunction<String> concurrencyOf) {
    if (limit <= 0) {
      return List.of();
    }
    String skip = skipFns.isEmpty() ? "" : " AND fn_id NOT IN (" + "?, ".repeat(skipFns.size() - 1) + "?)";
    String select = "SELECT id, fn_id, state, attempts, max_attempts FROM call_queue WHERE kind = 'async'"
        + " AND ((state = 'queued' AND run_after <= ?) OR (state = 'running' AND claim_until < ?))" + skip
        + " ORDER BY run_after, id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
    boolean[] ended = new boolean[1];
    return db.inTransaction(c -> {
      List<String[]> due = new ArrayList<>(); // id, fn id
      List<String> exhausted = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(select)) {
        int i = 1;
        setInstant(s, i++, now);
        setInstant(s, i++, now);
        for (String fn : skipFns) {
          s.setString(i++, fn);
        }
        s.setInt(i, limit);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            boolean expired = QueuedCall.RUNNING.equals(r.getString("state"));
            if (expired && r.getInt("attempts") >= r.getInt("max_attempts")) {
              exhausted.add(r.getString("id"));
            } else {
              due.add(new String[] {r.getString("id"), r.getString("fn_id")});
            }
          }
        }
      }
      ended[0] = !exhausted.isEmpty();
      for (String id : exhausted) {
        try (PreparedStatement s = c.prepareStatement("UPDATE call_queue SET state = 'error', node_id = NULL,"
            + " claim_until = NULL, completed_at = ?, error = ? WHERE id = ? AND state = 'running'")) {
          setInstant(s, 1, now);
          s.setString(2, NO_ATTEMPTS_LEFT);
          s.setString(3, id);
          s.executeUpdate();
        }
      }
      java.util.Map<String, Integer> room = roomPerFunction(c, due, now, concurrencyOf);
      List<QueuedCall> claimed = new ArrayList<>();
      for (String[] row : due) {
        String id = row[0];
        Integer left = room.get(row[1]);
        if (left != null) {
          if (left <= 0) {
            continue; // the function has its limit of calls running in the cluster: the row stays as it is
          }
          room.put(row[1], left - 1);
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE call_queue SET state = 'running', node_id = ?,"
            + " claim_until = ?, attempts = attempts + 1, started_at = ? WHERE id = ?"
            + " AND state IN ('queued', 'running')")) {
          s.setString(1, nodeId);
          setInstant(s, 2, now.plus(lease));
          setInstant(s, 3, now);
          s.setString(4, id);
          if (s.executeUpdate() == 1) {
            claimed.add(read(c, id));
          }
        }
      }
      return claimed;
    }, e -> null, claimed -> ended[0] || !claimed.isEmpty()); // an empty poll has nothing to force to disk
  }

  /**
   * For each limited function among the due rows: its limit less the claims of it held now, over
   * the whole queue, counted once its row in {@code fns} is locked. Unlimited functions are absent.
   */
  private static java.util.Map<String, Integer> roomPerFunction(Connection c, List<String[]> due, Instant now,
      java.util.function.ToIntFunction<String> concurrencyOf) throws SQLException {
    java.util.TreeMap<String, Integer> limits = new java.util.TreeMap<>(); // id order: one lock order for all
    for (String[] row : due) {
      if (!limits.containsKey(row[1])) {
        limits.put(row[1], concurrencyOf.applyAsInt(row[1]));
      }
    }
    java.util.Map<String, Integer> room = new java.util.HashMap<>();
    for (var e : limits.entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }
      try (PreparedStatement lock = c.prepareStatement("SELECT id FROM fns WHERE id = ? FOR UPDATE")) {
        lock.setString(1, e.getKey());
        lock.executeQuery().close(); // a deleted function has no row: its calls end as errors when they run
      }
      try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM call_queue WHERE fn_id = ?"
          + " AND kind = 'async' AND state = 'running' AND claim_until >= ?")) {
        count.setString(1, e.getKey());
        setInstant(count, 2, now);
        try (ResultSet r = count.executeQuery()) {
          r.next();
          room.put(e.getKey(), (int) Math.max(0, e.getValue() - r.getLong(1)));
        }
      }
    }
    return room;
  }

  private static QueuedCall read(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM call_queue WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return row(r);
      }
    }
  }

  @Override
  public int renew(String nodeId, Collection<String> ids, Instant until) {
    if (ids.isEmpty()) {
      return 0;
    }
    return db.update("UPDATE call_queue SET claim_until = ? WHERE node_id = ? AND state = 'running' AND kind = 'async'"
        + " AND id IN (" + "?, ".repeat(ids.size() - 1) + "?)", s -> {
          setInstant(s, 1, until);
          s.setString(2, nodeId);
          int i = 3;
          for (String id : ids) {
            s.setString(i++, id);
          }
        }, e -> null);
  }

  @Override
  public boolean finish(String id, String nodeId, int attempt, Outcome o, Instant now) {
    return db.update("UPDATE call_queue SET state = ?, node_id = NULL, claim_until = NULL, completed_at = ?,"
        + " result_status = ?, result_headers = ?, result_body = ?, error = ?"
        + " WHERE id = ? AND node_id = ? AND attempts = ? AND state = 'running'", s -> {
          s.setString(1, o.state());
          setInstant(s, 2, now);
          setInteger(s, 3, o.status());
          s.setString(4, o.headers());
          s.setBytes(5, o.body());
          s.setString(6, o.error());
          s.setString(7, id);
          s.setString(8, nodeId);
          s.setInt(9, attempt);
        }, e -> null) == 1;
  }

  @Override
  public boolean release(String id, String nodeId, int attempt) {
    return db.update("UPDATE call_queue SET state = 'queued', node_id = NULL, claim_until = NULL,"
        + " attempts = attempts - 1 WHERE id = ? AND node_id = ? AND attempts = ? AND state = 'running'"
        + " AND kind = 'async'", s -> {
          s.setString(1, id);
          s.setString(2, nodeId);
          s.setInt(3, attempt);
        }, e -> null) == 1;
  }

  @Override
  public boolean retry(String id, String nodeId, int attempt, Instant runAfter, String lastError) {
    return db.update("UPDATE call_queue SET state = 'queued', node_id = NULL, claim_until = NULL, run_after = ?,"
        + " error = ? WHERE id = ? AND node_id = ? AND attempts = ? AND state = 'running' AND kind = 'async'", s -> {
          setInstant(s, 1, runAfter);
          s.setString(2, QueuedCall.cut(lastError));
          s.setString(3, id);
          s.setString(4, nodeId);
          s.setInt(5, attempt);
        }, e -> null) == 1;
  }

  @Override
  public int recoverNode(String nodeId, Instant now, String reason) {
    return db.inTransaction(c -> {
      int n = 0;
      try (PreparedStatement s = c.prepareStatement("UPDATE call_queue SET state = 'error', node_id = NULL,"
          + " claim_until = NULL, completed_at = ?, error = ? WHERE node_id = ? AND state IN ('queued', 'running')"
          + " AND (kind = 'detached' OR attempts >= max_attempts)")) {
        setInstant(s, 1, now);
        s.setString(2, QueuedCall.cut(reason));
        s.setString(3, nodeId);
        n += s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE call_queue SET state = 'queued', node_id = NULL,"
          + " claim_until = NULL, run_after = ?, error = ? WHERE node_id = ? AND state = 'running' AND kind = 'async'")) {
        setInstant(s, 1, now);
        s.setString(2, QueuedCall.cut(reason));
        s.setString(3, nodeId);
        n += s.executeUpdate();
      }
      return n;
    }, e -> null);
  }

  @Override
  public int renewDetached(String nodeId, Instant until) {
    return db.update("UPDATE call_queue SET claim_until = ? WHERE node_id = ? AND state = 'running'"
        + " AND kind = 'detached'", s -> {
          setInstant(s, 1, until);
          s.setString(2, nodeId);
        }, e -> null);
  }

  @Override
  public int endExpiredDetached(Instant now, String reason) {
    return db.update("UPDATE call_queue SET state = 'error', node_id = NULL, claim_until = NULL, completed_at = ?,"
        + " error = ? WHERE kind = 'detached' AND state = 'running' AND claim_until < ?", s -> {
          setInstant(s, 1, now);
          s.setString(2, QueuedCall.cut(reason));
          setInstant(s, 3, now);
        }, e -> null);
  }

  @Override
  public List<Depth> depths() {
    return db.query("SELECT fn_id, SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END) AS queued,"
        + " SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END) AS running,"
        + " MIN(CASE WHEN state = 'queued' THEN created_at END) AS oldest"
        + " FROM call_queue WHERE kind = 'async' AND state IN ('queued', 'running') GROUP BY fn_id ORDER BY fn_id",
        s -> { }, r -> new Depth(r.getString("fn_id"), r.getLong("queued"), r.getLong("running"),
            Jdbc.getInstant(r, "oldest")));
  }

  @Override
  public int deleteFinishedBefore(Instant cutoff, int limit) {
    return db.update("DELETE FROM call_queue WHERE id IN (SELECT id FROM call_queue WHERE completed_at < ?"
        + " AND state IN ('success', 'error', 'timeout') ORDER BY completed_at FETCH FIRST ? ROWS ONLY)", s -> {
          setInstant(s, 1, cutoff);
          s.setInt(2, limit);
        }, e -> null);
  }

  static QueuedCall row(ResultSet r) throws SQLException {
    int status = r.getInt("result_status");
    Integer resultStatus = r.wasNull() ? null : status;
    return new QueuedCall(r.getString("id"), r.getString("app_id"), r.getString("fn_id"),
        QueuedCall.Kind.of(r.getString("kind")), r.getString("state"), r.getString("node_id"),
        Jdbc.getInstant(r, "claim_until"), r.getInt("attempts"), r.getInt("max_attempts"),
        Jdbc.getInstant(r, "run_after"), Jdbc.getInstant(r, "created_at"), Jdbc.getInstant(r, "started_at"),
        Jdbc.getInstant(r, "completed_at"), r.getBoolean("trigger_call"), r.getString("request_headers"),
        r.getBytes("request_body"), resultStatus, r.getString("result_headers"), r.getBytes("result_body"),
        r.getString("error"));
  }

  private static void setInstant(PreparedStatement s, int i, Instant t) throws SQLException {
    if (t == null) {
      s.setNull(i, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      Jdbc.setInstant(s, i, t);
    }
  }

  private static void setInteger(PreparedStatement s, int i, Integer v) throws SQLException {
    if (v == null) {
      s.setNull(i, java.sql.Types.INTEGER);
    } else {
      s.setInt(i, v);
    }
  }
}
