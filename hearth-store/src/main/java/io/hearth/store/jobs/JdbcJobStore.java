package io.hearth.store.jobs;

import io.hearth.core.job.AttemptState;
import io.hearth.core.job.JobState;
import io.hearth.core.job.JobTransitions;
import io.hearth.core.job.Refused;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.store.Database;
import io.hearth.store.Jdbc;
import io.hearth.store.Page;
import io.hearth.store.SqlErrors;
import io.hearth.store.StoreException;
import io.hearth.store.TimeCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link JobStore} in the jobs, job_labels and job_attempts tables (migration V5) and the
 * job_files table (V6: an attempt's log and output, replaced by deleting and inserting in one
 * transaction, the same statements on both databases). A state
 * change reads the row, decides with {@link JobChanges} (the rules of core's {@code
 * JobTransitions}) and writes the new state columns in one statement guarded by what the decision
 * read — state, locker, lock count, attempt, priority and runtime status — so it applies only to
 * the row it was decided on: of two dispatchers locking one job, the second's guard finds the job
 * locked and it is refused. A guard that misses (the row changed in between) reads and decides
 * again, a few times. Where an attempt starts or ends, its row is written in the same transaction. Stateless
 * apart from the shared {@link Database}; thread-safe.
 */
public final class JdbcJobStore implements JobStore {

  /** Reads and decisions per change before giving up on a row that keeps changing under it. */
  private static final int TRIES = 5;
  private static final String SELECT = "SELECT " + JobColumns.ALL + " FROM jobs";
  private static final String GUARDED = "UPDATE jobs SET " + JobColumns.PROGRESS
      + " WHERE id = ? AND state = ? AND (locked_by = ? OR (locked_by IS NULL AND ? IS NULL))"
      + " AND lock_count = ? AND attempt = ? AND priority = ?" + same("runtime_error") + same("runtime_warning")
      + same("runtime_activity");

  private final Database db;
  private final int maxDispatchAttempts;

  public JdbcJobStore(Database db) {
    this(db, JobTransitions.DEFAULT_MAX_DISPATCH_ATTEMPTS);
  }

  /** @param maxDispatchAttempts the locks a job gets before an unlock cancels it */
  public JdbcJobStore(Database db, int maxDispatchAttempts) {
    if (maxDispatchAttempts < 1) {
      throw new IllegalArgumentException("max dispatch attempts must be at least 1, got " + maxDispatchAttempts);
    }
    this.db = db;
    this.maxDispatchAttempts = maxDispatchAttempts;
  }

  @Override
  public void insert(JobRow job) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (" + JobColumns.ALL + ") VALUES ("
          + "?, ".repeat(29) + "?)")) {
        JobColumns.bindAll(ps, job);
        ps.executeUpdate();
      }
      writeLabels(c, job.id(), job.labels());
      return null;
    }, e -> SqlErrors.isUniqueViolation(e)
        ? new StoreException.Conflict("A job with id '" + job.id() + "' already exists", e) : null);
  }

  @Override
  public Optional<JobRow> get(String id) {
    return db.queryOne(SELECT + " WHERE id = ?", ps -> ps.setString(1, id), JobColumns::job);
  }

  @Override
  public JobChange update(String id, JobPatch patch) {
    return db.inTransaction(c -> {
      if (patch.priority() != null) {
        int n = update(c, "UPDATE jobs SET priority = ?, queue_rank = queue_rank + priority - ?"
            + " WHERE id = ? AND state IN ('queued', 'locked', 'running')", ps -> {
              ps.setInt(1, patch.priority().value());
              ps.setInt(2, patch.priority().value());
              ps.setString(3, id);
            });
        if (n == 0) {
          return get(id).<JobChange>map(j -> new JobChange.Refusal(
              (Refused) JobTransitions.changePriority(j.state()))).orElse(new JobChange.NotFound(id));
        }
      }
      if (patch.name() != null && update(c, "UPDATE jobs SET name = ? WHERE id = ?", ps -> {
        ps.setString(1, patch.name());
        ps.setString(2, id);
      }) == 0) {
        return new JobChange.NotFound(id);
      }
      if (patch.labels() != null) {
        if (update(c, "UPDATE jobs SET labels = ? WHERE id = ?", ps -> {
          ps.setString(1, JobJson.write(patch.labels()));
          ps.setString(2, id);
        }) == 0) {
          return new JobChange.NotFound(id);
        }
        update(c, "DELETE FROM job_labels WHERE job_id = ?", ps -> ps.setString(1, id));
        writeLabels(c, id, patch.labels());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT state FROM jobs WHERE id = ?")) {
        ps.setString(1, id);
        try (var r = ps.executeQuery()) {
          return r.next() ? new JobChange.Applied(JobState.ofWire(r.getString(1))) : new JobChange.NotFound(id);
        }
      }
    }, e -> null);
  }

  @Override
  public JobChange lock(String id, String dispatcher) {
    return change(id, j -> JobChanges.lock(j, dispatcher), null);
  }

  @Override
  public JobChange unlock(String id, String dispatcher, Instant at) {
    return change(id, j -> JobChanges.unlock(j, dispatcher, at, maxDispatchAttempts), null);
  }

  @Override
  public JobChange adopt(String id, String previous, String dispatcher) {
    return change(id, j -> JobChanges.adopt(j, previous, dispatcher), null);
  }

  @Override
  public JobChange start(String id, String dispatcher, String instanceType, AttemptRow started) {
    if (!started.jobId().equals(id) || started.state() != AttemptState.RUNNING) {
      throw new IllegalArgumentException("a start records a running attempt of job " + id + ", not " + started);
    }
    try {
      return change(id, j -> JobChanges.start(j, dispatcher, instanceType, started), c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO job_attempts (" + JobColumns.ATTEMPT + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          JobColumns.bindAttempt(ps, started);
          ps.executeUpdate();
        }
      });
    } catch (StoreException.Conflict e) {
      return new JobChange.Refusal(Refused.conflict(e.getMessage()));
    }
  }

  @Override
  public JobChange complete(String id, String dispatcher, int attempt, int exitCode, Instant at) {
    return change(id, j -> JobChanges.complete(j, dispatcher, attempt, exitCode, at),
        c -> endAttempt(c, id, attempt, AttemptState.COMPLETE, exitCode, null, at));
  }

  @Override
  public JobChange retry(String id, String dispatcher, int attempt, String reason, Instant at) {
    return change(id, j -> JobChanges.retry(j, dispatcher, attempt, reason, at),
        c -> endAttempt(c, id, attempt, AttemptState.CANCELLED, null, reason, at));
  }

  @Override
  public JobChange cancel(String id, String error, Instant at) {
    return change(id, j -> JobChanges.cancel(j, error, at), null);
  }

  @Override
  public JobChange setRuntimeStatus(String id, RuntimeStatus status) {
    return change(id, j -> JobChanges.runtimeStatus(j, status), null);
  }

  @Override
  public boolean endAttempt(String jobId, int attempt, AttemptState state, Integer exitCode, String error,
      Instant at) {
    if (!state.isFinal()) {
      throw new IllegalArgumentException("an attempt ends complete or cancelled, not " + state.wire());
    }
    return db.run(c -> endAttempt(c, jobId, attempt, state, exitCode, error, at)) > 0;
  }

  @Override
  public void keepFiles(String jobId, int attempt, byte[] log, byte[] outputTar) {
    JobFiles.checkBounds(jobId, attempt, log, outputTar);
    db.inTransaction(c -> {
      update(c, "DELETE FROM job_files WHERE job_id = ? AND attempt = ?", ps -> {
        ps.setString(1, jobId);
        ps.setInt(2, attempt);
      });
      return update(c, "INSERT INTO job_files (job_id, attempt, log, output) VALUES (?, ?, ?, ?)", ps -> {
        ps.setString(1, jobId);
        ps.setInt(2, attempt);
        ps.setBytes(3, log);
        ps.setBytes(4, outputTar);
      });
    }, e -> SqlErrors.isForeignKeyViolation(e)
        ? new StoreException.NotFound("Job '" + jobId + "' has no attempt " + attempt, e) : null);
  }

  @Override
  public Optional<byte[]> log(String jobId, int attempt) {
    return file("log", jobId, attempt);
  }

  @Override
  public Optional<byte[]> output(String jobId, int attempt) {
    return file("output", jobId, attempt);
  }

  private Optional<byte[]> file(String column, String jobId, int attempt) {
    return db.queryOne("SELECT " + column + " FROM job_files WHERE job_id = ? AND attempt = ?", ps -> {
      ps.setString(1, jobId);
      ps.setInt(2, attempt);
    }, r -> Optional.ofNullable(r.getBytes(1))).flatMap(b -> b);
  }

  @Override
  public List<AttemptRow> attempts(String jobId) {
    return db.query("SELECT " + JobColumns.ATTEMPT + " FROM job_attempts WHERE job_id = ? ORDER BY attempt",
        ps -> ps.setString(1, jobId), JobColumns::attempt);
  }

  @Override
  public Page<JobRow> list(JobQuery query) {
    List<String> where = new ArrayList<>();
    List<Database.Binder> binds = new ArrayList<>();
    if (query.state() != null) {
      where.add("state = ?");
    }
    if (query.name() != null) {
      where.add("name = ?");
    }
    query.labels().forEach((k, v) -> where.add(
        "EXISTS (SELECT 1 FROM job_labels l WHERE l.job_id = jobs.id AND l.lkey = ? AND l.lvalue = ?)"));
    TimeCursor after = query.after();
    if (after != null) {
      where.add("(created_at < ? OR (created_at = ? AND id < ?))");
    }
    String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY created_at DESC, id DESC LIMIT ?";
    List<JobRow> items = db.query(sql, ps -> {
      int i = 1;
      if (query.state() != null) {
        ps.setString(i++, query.state().wire());
      }
      if (query.name() != null) {
        ps.setString(i++, query.name());
      }
      for (var e : query.labels().entrySet()) {
        ps.setString(i++, e.getKey());
        ps.setString(i++, e.getValue());
      }
      if (after != null) {
        Jdbc.setInstant(ps, i++, after.createdAt());
        Jdbc.setInstant(ps, i++, after.createdAt());
        ps.setString(i++, after.id());
      }
      ps.setInt(i, query.perPage());
    }, JobColumns::job);
    return new Page<>(items, items.size() == query.perPage() ? JobQuery.cursorOf(items.getLast()) : null);
  }

  @Override
  public Page<JobRow> schedulerOrder(int limit, String cursor) {
    int n = Math.clamp(limit, 1, MAX_QUEUE_PAGE);
    QueueOrder.Key after = cursor == null || cursor.isEmpty() ? null : QueueOrder.Key.decode(cursor);
    String sql = SELECT + (after == null ? " WHERE queue_rank IS NOT NULL"
        : " WHERE (queue_rank, first_seen_at, id) > (?, ?, ?)")
        + " ORDER BY queue_rank, first_seen_at, id LIMIT ?";
    List<JobRow> items = db.query(sql, ps -> {
      int i = 1;
      if (after != null) {
        ps.setInt(i++, after.rank());
        Jdbc.setInstant(ps, i++, after.firstSeenAt());
        ps.setString(i++, after.id());
      }
      ps.setInt(i, n);
    }, JobColumns::job);
    return new Page<>(items, items.size() == n ? QueueOrder.Key.of(items.getLast()).encode() : null);
  }

  @Override
  public Map<JobState, Long> countByState() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, 0L);
    }
    db.query("SELECT state, COUNT(*) FROM jobs GROUP BY state", ps -> {}, r -> {
      counts.put(JobState.ofWire(r.getString(1)), r.getLong(2));
      return null;
    });
    return counts;
  }

  @Override
  public int deleteFinished(Instant before, int limit) {
    return db.update("DELETE FROM jobs WHERE id IN"
        + " (SELECT id FROM jobs WHERE finished_at < ? ORDER BY finished_at LIMIT ?)", ps -> {
          Jdbc.setInstant(ps, 1, before);
          ps.setInt(2, limit);
        }, e -> null);
  }

  /** What else a change writes in its transaction once its guarded update applied. */
  @FunctionalInterface
  private interface Also {
    void write(Connection c) throws SQLException;
  }

  /** Read, decide, write guarded by what was read; again while the row changed in between. */
  private JobChange change(String id, Function<JobRow, JobChanges.Step> decide, Also also) {
    for (int i = 0; i < TRIES; i++) {
      Optional<JobRow> read = get(id);
      if (read.isEmpty()) {
        return new JobChange.NotFound(id);
      }
      JobRow old = read.get();
      switch (decide.apply(old)) {
        case JobChanges.Stop s -> {
          return new JobChange.Refusal(s.refused());
        }
        case JobChanges.Next next -> {
          boolean applied = db.inTransaction(c -> {
            int n = update(c, GUARDED, ps -> {
              JobColumns.bindProgress(ps, 1, next.row());
              int k = JobColumns.PROGRESS_COUNT + 1;
              ps.setString(k++, id);
              ps.setString(k++, old.state().wire());
              ps.setString(k++, old.lockedBy());
              ps.setString(k++, old.lockedBy());
              ps.setInt(k++, old.lockCount());
              ps.setInt(k++, old.attempt());
              ps.setInt(k++, old.priority().value());
              for (String v : new String[] {old.runtimeStatus().error(), old.runtimeStatus().warning(),
                  old.runtimeStatus().activity()}) {
                ps.setString(k++, v);
                ps.setString(k++, v);
              }
            });
            if (n == 1 && also != null) {
              also.write(c);
            }
            return n == 1;
          }, e -> SqlErrors.isUniqueViolation(e) ? new StoreException.Conflict(
              "attempt " + old.attempt() + " of job " + id + " was started already: an attempt starts once", e) : null);
          if (applied) {
            return new JobChange.Applied(next.row().state());
          }
        }
      }
    }
    return new JobChange.Refusal(Refused.conflict("the job kept changing while this change was decided: try again"));
  }

  /** A null-safe equality of a nullable text column with a parameter bound twice. */
  private static String same(String column) {
    return " AND (" + column + " = ? OR (" + column + " IS NULL AND ? IS NULL))";
  }

  private static int endAttempt(Connection c, String jobId, int attempt, AttemptState state, Integer exitCode,
      String error, Instant at) throws SQLException {
    return update(c, "UPDATE job_attempts SET state = ?, exit_code = ?, error = ?, finished_at = ?"
        + " WHERE job_id = ? AND attempt = ? AND state = 'running'", ps -> {
          ps.setString(1, state.wire());
          JobColumns.setInt(ps, 2, exitCode);
          ps.setString(3, error);
          Jdbc.setInstant(ps, 4, at);
          ps.setString(5, jobId);
          ps.setInt(6, attempt);
        });
  }

  private static void writeLabels(Connection c, String id, Map<String, String> labels) throws SQLException {
    if (labels.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_labels (job_id, lkey, lvalue) VALUES (?, ?, ?)")) {
      for (var e : labels.entrySet()) {
        ps.setString(1, id);
        ps.setString(2, e.getKey());
        ps.setString(3, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static int update(Connection c, String sql, Database.Binder binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    }
  }
}
