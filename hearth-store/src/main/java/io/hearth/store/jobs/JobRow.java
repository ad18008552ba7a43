package io.hearth.store.jobs;

import io.hearth.core.job.Constraints;
import io.hearth.core.job.JobState;
import io.hearth.core.job.Priority;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.core.job.Scheduling;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A job as kept in the datastore (issue 12's record).
 *
 * @param id            unique; never reused
 * @param name          a person's name for it, or null
 * @param image         the container image
 * @param command       what the container runs
 * @param env           its environment
 * @param labels        the submitter's labels, kept as given (the list filters by them)
 * @param exitCode      the container's exit code once complete, else null
 * @param lockCount     the locks given up so far in this attempt (see {@link io.hearth.core.job.JobTransitions})
 * @param lockedBy      the dispatcher holding it while locked or running, else null
 * @param attempt       the current (or last) attempt, from 1
 * @param instanceType  the node class of the running (or last) attempt, else null
 * @param allocId       the lease the running (or last) attempt runs in, else null
 * @param nodeId        the node of that lease, else null
 * @param firstSeenAt   when the queue first held it; kept through unlocks and retries (the scheduler's tie-break)
 * @param startedAt     when its current attempt started, else null
 * @param finishedAt    when it became complete or cancelled, else null
 * @throws IllegalArgumentException if a count is out of range or {@code lockedBy} does not fit the state
 */
public record JobRow(
    String id,
    String name,
    String image,
    List<String> command,
    Map<String, String> env,
    Priority priority,
    Constraints constraints,
    Scheduling scheduling,
    Map<String, String> labels,
    JobState state,
    Integer exitCode,
    RuntimeStatus runtimeStatus,
    int lockCount,
    String lockedBy,
    int attempt,
    String instanceType,
    String allocId,
    String nodeId,
    Instant createdAt,
    Instant firstSeenAt,
    Instant startedAt,
    Instant finishedAt) {

  public JobRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(image, "image");
    command = List.copyOf(command);
    env = sorted(env, "env");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(scheduling, "scheduling");
    labels = sorted(labels, "labels");
    Objects.requireNonNull(state, "state");
    runtimeStatus = runtimeStatus == null ? RuntimeStatus.EMPTY : runtimeStatus;
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(firstSeenAt, "firstSeenAt");
    if (lockCount < 0) {
      throw new IllegalArgumentException("lock_count must not be negative, got " + lockCount);
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
    }
    boolean held = state == JobState.LOCKED || state == JobState.RUNNING;
    if (held != (lockedBy != null)) {
      throw new IllegalArgumentException("job " + id + " is " + state.wire() + ": locked_by must be "
          + (held ? "set" : "null") + ", is " + lockedBy);
    }
  }

  /** A new job, queued for its first attempt, first seen when it was made. */
  public static JobRow queued(String id, String name, String image, List<String> command, Map<String, String> env,
      Priority priority, Constraints constraints, Scheduling scheduling, Map<String, String> labels,
      Instant createdAt) {
    return new JobRow(id, name, image, command, env, priority, constraints, scheduling, labels, JobState.QUEUED,
        null, RuntimeStatus.EMPTY, 0, null, 1, null, null, null, createdAt, createdAt, null, null);
  }

  private static SortedMap<String, String> sorted(Map<String, String> map, String what) {
    Objects.requireNonNull(map, what);
    var copy = new TreeMap<String, String>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, what + " key"), Objects.requireNonNull(v, what + " value")));
    return Collections.unmodifiableSortedMap(copy);
  }
}
