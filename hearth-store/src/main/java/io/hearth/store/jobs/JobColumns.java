package io.hearth.store.jobs;

import io.hearth.core.job.AttemptState;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.core.job.Scheduling;
import io.hearth.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** How job and attempt rows map to the columns of V5. */
final class JobColumns {

  static final String ALL = "id, name, image, command, env, priority, vcpus, ram_bytes, scratch_bytes, gpus,"
      + " preemptible, max_run_time_secs, max_attempts, labels, state, queue_rank, exit_code, runtime_error,"
      + " runtime_warning, runtime_activity, lock_count, locked_by, attempt, instance_type, alloc_id, node_id,"
      + " started_at, finished_at, created_at, first_seen_at";
  /** The columns a state change writes (from queue_rank on: {@link #bindProgress}). */
  static final String PROGRESS = "state = ?, queue_rank = ?, exit_code = ?, runtime_error = ?, runtime_warning = ?,"
      + " runtime_activity = ?, lock_count = ?, locked_by = ?, attempt = ?, instance_type = ?, alloc_id = ?,"
      + " node_id = ?, started_at = ?, finished_at = ?";
  static final int PROGRESS_COUNT = 14;
  static final String ATTEMPT = "job_id, attempt, node_id, alloc_id, exec_id, state, exit_code, error, started_at,"
      + " finished_at";

  private JobColumns() {}

  static void bindAll(PreparedStatement ps, JobRow j) throws SQLException {
    ps.setString(1, j.id());
    ps.setString(2, j.name());
    ps.setString(3, j.image());
    ps.setString(4, JobJson.write(j.command()));
    ps.setString(5, JobJson.write(j.env()));
    ps.setInt(6, j.priority().value());
    ps.setInt(7, j.constraints().vcpus());
    ps.setLong(8, j.constraints().ramBytes());
    ps.setLong(9, j.constraints().scratchBytes());
    ps.setInt(10, j.constraints().gpus());
    ps.setBoolean(11, j.scheduling().preemptible());
    ps.setLong(12, j.scheduling().maxRunTimeSecs());
    ps.setInt(13, j.scheduling().maxAttempts());
    ps.setString(14, JobJson.write(j.labels()));
    bindProgress(ps, 15, j);
    Jdbc.setInstant(ps, 29, j.createdAt());
    Jdbc.setInstant(ps, 30, j.firstSeenAt());
  }

  /** The {@link #PROGRESS} columns from {@code first} on, then started_at and finished_at. */
  static void bindProgress(PreparedStatement ps, int first, JobRow j) throws SQLException {
    int i = first;
    ps.setString(i++, j.state().wire());
    setInt(ps, i++, QueueOrder.rank(j.state(), j.priority()));
    setInt(ps, i++, j.exitCode());
    ps.setString(i++, j.runtimeStatus().error());
    ps.setString(i++, j.runtimeStatus().warning());
    ps.setString(i++, j.runtimeStatus().activity());
    ps.setInt(i++, j.lockCount());
    ps.setString(i++, j.lockedBy());
    ps.setInt(i++, j.attempt());
    ps.setString(i++, j.instanceType());
    ps.setString(i++, j.allocId());
    ps.setString(i++, j.nodeId());
    setInstant(ps, i++, j.startedAt());
    setInstant(ps, i, j.finishedAt());
  }

  static JobRow job(ResultSet r) throws SQLException {
    return new JobRow(
        r.getString("id"),
        r.getString("name"),
        r.getString("image"),
        JobJson.list(r.getString("command"), "job command"),
        JobJson.strings(r.getString("env"), "job env"),
        Priority.of(r.getInt("priority")),
        new Constraints(r.getInt("vcpus"), r.getLong("ram_bytes"), r.getLong("scratch_bytes"), r.getInt("gpus")),
        new Scheduling(r.getBoolean("preemptible"), r.getLong("max_run_time_secs"), r.getInt("max_attempts")),
        JobJson.strings(r.getString("labels"), "job labels"),
        JobState.ofWire(r.getString("state")),
        r.getObject("exit_code", Integer.class),
        new RuntimeStatus(r.getString("runtime_error"), r.getString("runtime_warning"),
            r.getString("runtime_activity")),
        r.getInt("lock_count"),
        r.getString("locked_by"),
        r.getInt("attempt"),
        r.getString("instance_type"),
        r.getString("alloc_id"),
        r.getString("node_id"),
        Jdbc.getInstant(r, "created_at"),
        Jdbc.getInstant(r, "first_seen_at"),
        Jdbc.getInstant(r, "started_at"),
        Jdbc.getInstant(r, "finished_at"));
  }

  static void bindAttempt(PreparedStatement ps, AttemptRow a) throws SQLException {
    ps.setString(1, a.jobId());
    ps.setInt(2, a.attempt());
    ps.setString(3, a.nodeId());
    ps.setString(4, a.allocId());
    ps.setString(5, a.execId());
    ps.setString(6, a.state().wire());
    setInt(ps, 7, a.exitCode());
    ps.setString(8, a.error());
    Jdbc.setInstant(ps, 9, a.startedAt());
    setInstant(ps, 10, a.finishedAt());
  }

  static AttemptRow attempt(ResultSet r) throws SQLException {
    return new AttemptRow(
        r.getString("job_id"),
        r.getInt("attempt"),
        r.getString("node_id"),
        r.getString("alloc_id"),
        r.getString("exec_id"),
        AttemptState.ofWire(r.getString("state")),
        r.getObject("exit_code", Integer.class),
        r.getString("error"),
        Jdbc.getInstant(r, "started_at"),
        Jdbc.getInstant(r, "finished_at"));
  }

  static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }

  static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      Jdbc.setInstant(ps, index, instant);
    }
  }
}
