package io.hearth.store.leases;

import io.hearth.store.Database;
import io.hearth.store.Jdbc;
import io.hearth.store.Page;
import io.hearth.store.SqlErrors;
import io.hearth.store.StoreException;
import io.hearth.store.TimeCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link LeaseStore} in the allocs and execs tables (migration V4). Every write is one
 * auto-committed statement: the guarded ones ({@code keepalive}, {@code expire}, {@code end}) put
 * their condition in the {@code WHERE} clause, so that the database decides a race between a
 * keepalive and a reclaim, and deleting an alloc deletes its execs by the foreign key's cascade.
 * No write needs a transaction. An alloc is read with its execs on one connection, in two
 * statements (the execs of a page of allocs in one query per {@value #IN_CHUNK} allocs), not in one
 * snapshot: an exec recorded in between may show. Stateless apart from the shared {@link
 * Database}; thread-safe.
 */
public final class JdbcLeaseStore implements LeaseStore {

  /** Allocs per {@code alloc_id IN (...)} query, well within either database's parameter limit. */
  private static final int IN_CHUNK = 500;

  private static final String ALLOC_COLUMNS = "id, node_id, owner, labels, resources, state, created_at,"
      + " last_keepalive_at, expires_at, ended_at";
  private static final String EXEC_COLUMNS = "id, alloc_id, image, cmd, env, resources, labels, state,"
      + " container_id, exit_code, oom, error, created_at, started_at, finished_at";
  private static final String SELECT_ALLOCS = "SELECT " + ALLOC_COLUMNS + " FROM allocs";
  private static final String LIVE = "state IN ('active', 'expired')";

  private final Database db;

  public JdbcLeaseStore(Database db) {
    this.db = db;
  }

  @Override
  public void insertAlloc(AllocRow a) {
    db.update("INSERT INTO allocs (" + ALLOC_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
      ps.setString(1, a.id());
      ps.setString(2, a.nodeId());
      ps.setString(3, a.owner());
      ps.setString(4, LeaseJson.write(a.labels()));
      ps.setString(5, LeaseJson.write(a.resources()));
      ps.setString(6, a.state().wire());
      Jdbc.setInstant(ps, 7, a.createdAt());
      Jdbc.setInstant(ps, 8, a.lastKeepaliveAt());
      Jdbc.setInstant(ps, 9, a.expiresAt());
      setNullable(ps, 10, a.endedAt());
    }, e -> SqlErrors.isUniqueViolation(e)
        ? new StoreException.Conflict("An alloc with id '" + a.id() + "' already exists", e) : null);
  }

  @Override
  public Optional<AllocRecord> get(String allocId) {
    return db.read(c -> {
      List<AllocRow> found = query(c, SELECT_ALLOCS + " WHERE id = ?", ps -> ps.setString(1, allocId),
          JdbcLeaseStore::alloc);
      return found.isEmpty() ? Optional.empty() : Optional.of(withExecs(c, found).getFirst());
    });
  }

  @Override
  public boolean keepalive(String allocId, Instant at, Instant expiresAt) {
    if (expiresAt.isBefore(at)) {
      throw new IllegalArgumentException("a lease cannot expire (" + expiresAt + ") before it is renewed (" + at + ")");
    }
    return db.update("UPDATE allocs SET last_keepalive_at = ?, expires_at = ?, state = 'active'"
        + " WHERE id = ? AND " + LIVE, ps -> {
          Jdbc.setInstant(ps, 1, at);
          Jdbc.setInstant(ps, 2, expiresAt);
          ps.setString(3, allocId);
        }, e -> null) > 0;
  }

  @Override
  public boolean expire(String allocId, Instant now) {
    return db.update("UPDATE allocs SET state = 'expired' WHERE id = ? AND state = 'active' AND expires_at <= ?",
        ps -> {
          ps.setString(1, allocId);
          Jdbc.setInstant(ps, 2, now);
        }, e -> null) > 0;
  }

  @Override
  public boolean end(String allocId, AllocState state, Instant endedAt) {
    if (!state.ended()) {
      throw new IllegalArgumentException("an alloc ends reclaimed or freed, not " + state.wire());
    }
    boolean reclaim = state == AllocState.RECLAIMED;
    return db.update("UPDATE allocs SET state = ?, ended_at = ? WHERE id = ? AND " + LIVE
        + (reclaim ? " AND expires_at <= ?" : ""), ps -> {
          ps.setString(1, state.wire());
          Jdbc.setInstant(ps, 2, endedAt);
          ps.setString(3, allocId);
          if (reclaim) {
            Jdbc.setInstant(ps, 4, endedAt);
          }
        }, e -> null) > 0;
  }

  @Override
  public List<AllocRecord> liveOnNode(String nodeId) {
    return db.read(c -> withExecs(c, query(c,
        SELECT_ALLOCS + " WHERE node_id = ? AND ended_at IS NULL ORDER BY created_at, id",
        ps -> ps.setString(1, nodeId), JdbcLeaseStore::alloc)));
  }

  @Override
  public Page<AllocRecord> list(AllocQuery query) {
    List<String> where = new ArrayList<>();
    if (query.owner() != null) {
      where.add("owner = ?");
    }
    if (query.state() != null) {
      where.add("state = ?");
    }
    TimeCursor after = query.after();
    if (after != null) {
      where.add("(created_at < ? OR (created_at = ? AND id < ?))");
    }
    String sql = SELECT_ALLOCS + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY created_at DESC, id DESC LIMIT ?";
    List<AllocRecord> items = db.read(c -> withExecs(c, query(c, sql, ps -> {
      int i = 1;
      if (query.owner() != null) {
        ps.setString(i++, query.owner());
      }
      if (query.state() != null) {
        ps.setString(i++, query.state().wire());
      }
      if (after != null) {
        Jdbc.setInstant(ps, i++, after.createdAt());
        Jdbc.setInstant(ps, i++, after.createdAt());
        ps.setString(i++, after.id());
      }
      ps.setInt(i, query.perPage());
    }, JdbcLeaseStore::alloc)));
    String next = items.size() == query.perPage() ? AllocQuery.cursorOf(items.getLast().alloc()) : null;
    return new Page<>(items, next);
  }

  @Override
  public void insertExec(ExecRow x) {
    db.update("INSERT INTO execs (" + EXEC_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
      ps.setString(1, x.id());
      ps.setString(2, x.allocId());
      ps.setString(3, x.image());
      ps.setString(4, LeaseJson.write(x.cmd()));
      ps.setString(5, LeaseJson.write(x.env()));
      ps.setString(6, LeaseJson.write(x.resources()));
      ps.setString(7, LeaseJson.write(x.labels()));
      bindProgress(ps, 8, x);
      Jdbc.setInstant(ps, 13, x.createdAt());
      setNullable(ps, 14, x.startedAt());
      setNullable(ps, 15, x.finishedAt());
    }, e -> {
      if (SqlErrors.isForeignKeyViolation(e)) {
        return new StoreException.NotFound("Alloc not found: " + x.allocId(), e);
      }
      return SqlErrors.isUniqueViolation(e)
          ? new StoreException.Conflict("An exec with id '" + x.id() + "' already exists", e) : null;
    });
  }

  @Override
  public void updateExec(ExecRow x) {
    int updated = db.update("UPDATE execs SET state = ?, container_id = ?, exit_code = ?, oom = ?, error = ?,"
        + " started_at = ?, finished_at = ? WHERE id = ? AND alloc_id = ?", ps -> {
          bindProgress(ps, 1, x);
          setNullable(ps, 6, x.startedAt());
          setNullable(ps, 7, x.finishedAt());
          ps.setString(8, x.id());
          ps.setString(9, x.allocId());
        }, e -> null);
    if (updated == 0) {
      throw new StoreException.NotFound("Exec not found: " + x.id() + " in alloc " + x.allocId());
    }
  }

  @Override
  public int deleteEnded(Instant endedBefore, int limit) {
    return db.update("DELETE FROM allocs WHERE id IN"
        + " (SELECT id FROM allocs WHERE ended_at < ? ORDER BY ended_at LIMIT ?)", ps -> {
          Jdbc.setInstant(ps, 1, endedBefore);
          ps.setInt(2, limit);
        }, e -> null);
  }

  /** State, container id, exit code, oom and error, from {@code first} on. */
  private static void bindProgress(PreparedStatement ps, int first, ExecRow x) throws SQLException {
    ps.setString(first, x.state().wire());
    ps.setString(first + 1, x.containerId());
    if (x.exitCode() == null) {
      ps.setNull(first + 2, Types.INTEGER);
    } else {
      ps.setInt(first + 2, x.exitCode());
    }
    ps.setBoolean(first + 3, x.oom());
    ps.setString(first + 4, x.error());
  }

  /** The allocs with their execs, in the allocs' order. */
  private static List<AllocRecord> withExecs(Connection c, List<AllocRow> allocs) throws SQLException {
    if (allocs.isEmpty()) {
      return List.of();
    }
    Map<String, List<ExecRow>> execs = new LinkedHashMap<>();
    allocs.forEach(a -> execs.put(a.id(), new ArrayList<>()));
    for (int from = 0; from < allocs.size(); from += IN_CHUNK) {
      List<AllocRow> chunk = allocs.subList(from, Math.min(allocs.size(), from + IN_CHUNK));
      String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
      List<ExecRow> rows = query(c, "SELECT " + EXEC_COLUMNS + " FROM execs WHERE alloc_id IN (" + marks + ")"
          + " ORDER BY created_at, id", ps -> {
            for (int i = 0; i < chunk.size(); i++) {
              ps.setString(i + 1, chunk.get(i).id());
            }
          }, JdbcLeaseStore::exec);
      rows.forEach(x -> execs.get(x.allocId()).add(x));
    }
    return allocs.stream().map(a -> new AllocRecord(a, execs.get(a.id()))).toList();
  }

  private static <T> List<T> query(Connection c, String sql, Database.Binder binder, Database.RowMapper<T> mapper)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rows = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rows.next()) {
          out.add(mapper.map(rows));
        }
        return out;
      }
    }
  }

  private static void setNullable(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      Jdbc.setInstant(ps, index, instant);
    }
  }

  private static AllocRow alloc(ResultSet r) throws SQLException {
    return new AllocRow(
        r.getString("id"),
        r.getString("node_id"),
        r.getString("owner"),
        LeaseJson.strings(r.getString("labels"), "alloc labels"),
        LeaseJson.amounts(r.getString("resources"), "alloc resources"),
        AllocState.ofWire(r.getString("state")),
        Jdbc.getInstant(r, "created_at"),
        Jdbc.getInstant(r, "last_keepalive_at"),
        Jdbc.getInstant(r, "expires_at"),
        Jdbc.getInstant(r, "ended_at"));
  }

  private static ExecRow exec(ResultSet r) throws SQLException {
    return new ExecRow(
        r.getString("id"),
        r.getString("alloc_id"),
        r.getString("image"),
        LeaseJson.list(r.getString("cmd"), "exec cmd"),
        LeaseJson.strings(r.getString("env"), "exec env"),
        LeaseJson.amounts(r.getString("resources"), "exec resources"),
        LeaseJson.strings(r.getString("labels"), "exec labels"),
        ExecState.ofWire(r.getString("state")),
        r.getString("container_id"),
        r.getObject("exit_code", Integer.class),
        r.getBoolean("oom"),
        r.getString("error"),
        Jdbc.getInstant(r, "created_at"),
        Jdbc.getInstant(r, "started_at"),
        Jdbc.getInstant(r, "finished_at"));
  }
}
