package io.hearth.testkit.store;

import io.hearth.core.job.AttemptState;
import io.hearth.core.job.JobState;
import io.hearth.core.job.JobTransitions;
import io.hearth.core.job.Refused;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.store.Jdbc;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import io.hearth.store.TimeCursor;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobChange;
import io.hearth.store.jobs.JobChanges;
import io.hearth.store.jobs.JobFiles;
import io.hearth.store.jobs.JobPatch;
import io.hearth.store.jobs.JobQuery;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.JobStore;
import io.hearth.store.jobs.QueueOrder;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link JobStore} in maps, for unit tests: it passes the same conformance suite as the JDBC
 * store, deciding every change with the same {@link JobChanges} on the row it holds, under its
 * monitor, so a change applies to the row it was decided on as the JDBC store's guarded statement
 * does. Times are cut to the millisecond; ids order by code point; deleting a job deletes its
 * attempts and what they left (their log and output).
 *
 * <p>Thread-safe: the maps are guarded by this object's monitor.
 */
public final class InMemoryJobStore implements JobStore {

  private static final Comparator<JobRow> NEWEST_FIRST =
      Comparator.comparing(JobRow::createdAt).thenComparing(JobRow::id).reversed();

  private final int maxDispatchAttempts;
  private final Map<String, JobRow> jobs = new HashMap<>();
  /** By job id, then attempt number. */
  private final Map<String, TreeMap<Integer, AttemptRow>> attempts = new HashMap<>();
  /** By job id, then attempt number: {log, output}, either null. */
  private final Map<String, TreeMap<Integer, byte[][]>> files = new HashMap<>();

  public InMemoryJobStore() {
    this(JobTransitions.DEFAULT_MAX_DISPATCH_ATTEMPTS);
  }

  public InMemoryJobStore(int maxDispatchAttempts) {
    if (maxDispatchAttempts < 1) {
      throw new IllegalArgumentException("max dispatch attempts must be at least 1, got " + maxDispatchAttempts);
    }
    this.maxDispatchAttempts = maxDispatchAttempts;
  }

  @Override
  public synchronized void insert(JobRow job) {
    if (jobs.containsKey(job.id())) {
      throw new StoreException.Conflict("A job with id '" + job.id() + "' already exists");
    }
    jobs.put(job.id(), millis(job));
  }

  @Override
  public synchronized Optional<JobRow> get(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  @Override
  public synchronized JobChange update(String id, JobPatch patch) {
    JobRow j = jobs.get(id);
    if (j == null) {
      return new JobChange.NotFound(id);
    }
    if (patch.priority() != null && JobTransitions.changePriority(j.state()) instanceof Refused r) {
      return new JobChange.Refusal(r);
    }
    jobs.put(id, new JobRow(j.id(), patch.name() != null ? patch.name() : j.name(), j.image(), j.command(), j.env(),
        patch.priority() != null ? patch.priority() : j.priority(), j.constraints(), j.scheduling(),
        patch.labels() != null ? patch.labels() : j.labels(), j.state(), j.exitCode(), j.runtimeStatus(),
        j.lockCount(), j.lockedBy(), j.attempt(), j.instanceType(), j.allocId(), j.nodeId(), j.createdAt(),
        j.firstSeenAt(), j.startedAt(), j.finishedAt()));
    return new JobChange.Applied(j.state());
  }

  @Override
  public synchronized JobChange lock(String id, String dispatcher) {
    return change(id, j -> JobChanges.lock(j, dispatcher));
  }

  @Override
  public synchronized JobChange unlock(String id, String dispatcher, Instant at) {
    return change(id, j -> JobChanges.unlock(j, dispatcher, at, maxDispatchAttempts));
  }

  @Override
  public synchronized JobChange adopt(String id, String previous, String dispatcher) {
    return change(id, j -> JobChanges.adopt(j, previous, dispatcher));
  }

  @Override
  public synchronized JobChange start(String id, String dispatcher, String instanceType, AttemptRow started) {
    if (!started.jobId().equals(id) || started.state() != AttemptState.RUNNING) {
      throw new IllegalArgumentException("a start records a running attempt of job " + id + ", not " + started);
    }
    if (attempts.getOrDefault(id, new TreeMap<>()).containsKey(started.attempt())) {
      JobRow j = jobs.get(id);
      if (j != null && JobChanges.start(j, dispatcher, instanceType, started) instanceof JobChanges.Next) {
        return new JobChange.Refusal(Refused.conflict("attempt " + started.attempt() + " of job " + id
            + " was started already: an attempt starts once"));
      }
    }
    JobChange c = change(id, j -> JobChanges.start(j, dispatcher, instanceType, started));
    if (c.applied()) {
      attempts.computeIfAbsent(id, k -> new TreeMap<>()).put(started.attempt(), millis(started));
    }
    return c;
  }

  @Override
  public synchronized JobChange complete(String id, String dispatcher, int attempt, int exitCode, Instant at) {
    JobChange c = change(id, j -> JobChanges.complete(j, dispatcher, attempt, exitCode, at));
    if (c.applied()) {
      endAttempt(id, attempt, AttemptState.COMPLETE, exitCode, null, at);
    }
    return c;
  }

  @Override
  public synchronized JobChange retry(String id, String dispatcher, int attempt, String reason, Instant at) {
    JobChange c = change(id, j -> JobChanges.retry(j, dispatcher, attempt, reason, at));
    if (c.applied()) {
      endAttempt(id, attempt, AttemptState.CANCELLED, null, reason, at);
    }
    return c;
  }

  @Override
  public synchronized JobChange cancel(String id, String error, Instant at) {
    return change(id, j -> JobChanges.cancel(j, error, at));
  }

  @Override
  public synchronized JobChange setRuntimeStatus(String id, RuntimeStatus status) {
    return change(id, j -> JobChanges.runtimeStatus(j, status));
  }

  @Override
  public synchronized boolean endAttempt(String jobId, int attempt, AttemptState state, Integer exitCode,
      String error, Instant at) {
    if (!state.isFinal()) {
      throw new IllegalArgumentException("an attempt ends complete or cancelled, not " + state.wire());
    }
    AttemptRow a = attempts.getOrDefault(jobId, new TreeMap<>()).get(attempt);
    if (a == null || a.state().isFinal()) {
      return false;
    }
    attempts.get(jobId).put(attempt, new AttemptRow(a.jobId(), a.attempt(), a.nodeId(), a.allocId(), a.execId(),
        state, exitCode, error, a.startedAt(), Jdbc.millis(at)));
    return true;
  }

  @Override
  public synchronized void keepFiles(String jobId, int attempt, byte[] log, byte[] outputTar) {
    JobFiles.checkBounds(jobId, attempt, log, outputTar);
    if (!attempts.getOrDefault(jobId, new TreeMap<>()).containsKey(attempt)) {
      throw new StoreException.NotFound("Job '" + jobId + "' has no attempt " + attempt);
    }
    files.computeIfAbsent(jobId, k -> new TreeMap<>()).put(attempt, new byte[][] {copy(log), copy(outputTar)});
  }

  @Override
  public synchronized Optional<byte[]> log(String jobId, int attempt) {
    return file(jobId, attempt, 0);
  }

  @Override
  public synchronized Optional<byte[]> output(String jobId, int attempt) {
    return file(jobId, attempt, 1);
  }

  private Optional<byte[]> file(String jobId, int attempt, int which) {
    byte[][] kept = files.getOrDefault(jobId, new TreeMap<>()).get(attempt);
    return kept == null ? Optional.empty() : Optional.ofNullable(copy(kept[which]));
  }

  private static byte[] copy(byte[] bytes) {
    return bytes == null ? null : bytes.clone();
  }

  @Override
  public synchronized List<AttemptRow> attempts(String jobId) {
    return List.copyOf(attempts.getOrDefault(jobId, new TreeMap<>()).values());
  }

  @Override
  public synchronized Page<JobRow> list(JobQuery query) {
    TimeCursor after = query.after();
    List<JobRow> items = jobs.values().stream()
        .filter(j -> query.state() == null || j.state() == query.state())
        .filter(j -> query.name() == null || query.name().equals(j.name()))
        .filter(j -> j.labels().entrySet().containsAll(query.labels().entrySet()))
        .filter(j -> after == null || j.createdAt().isBefore(after.createdAt())
            || j.createdAt().equals(after.createdAt()) && j.id().compareTo(after.id()) < 0)
        .sorted(NEWEST_FIRST)
        .limit(query.perPage())
        .toList();
    return new Page<>(items, items.size() == query.perPage() ? JobQuery.cursorOf(items.getLast()) : null);
  }

  @Override
  public synchronized Page<JobRow> schedulerOrder(int limit, String cursor) {
    int n = Math.clamp(limit, 1, MAX_QUEUE_PAGE);
    QueueOrder.Key after = cursor == null || cursor.isEmpty() ? null : QueueOrder.Key.decode(cursor);
    List<JobRow> items = jobs.values().stream()
        .filter(j -> !j.state().isFinal())
        .filter(j -> after == null || after.precedes(j))
        .sorted(QueueOrder.ORDER)
        .limit(n)
        .toList();
    return new Page<>(items, items.size() == n ? QueueOrder.Key.of(items.getLast()).encode() : null);
  }

  @Override
  public synchronized Map<JobState, Long> countByState() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, 0L);
    }
    jobs.values().forEach(j -> counts.merge(j.state(), 1L, Long::sum));
    return counts;
  }

  @Override
  public synchronized int deleteFinished(Instant before, int limit) {
    Instant cut = Jdbc.millis(before);
    List<String> doomed = jobs.values().stream()
        .filter(j -> j.finishedAt() != null && j.finishedAt().isBefore(cut))
        .sorted(Comparator.comparing(JobRow::finishedAt))
        .limit(limit)
        .map(JobRow::id)
        .toList();
    doomed.forEach(id -> {
      jobs.remove(id);
      attempts.remove(id);
      files.remove(id);
    });
    return doomed.size();
  }

  private JobChange change(String id, Function<JobRow, JobChanges.Step> decide) {
    JobRow j = jobs.get(id);
    if (j == null) {
      return new JobChange.NotFound(id);
    }
    return switch (decide.apply(j)) {
      case JobChanges.Stop s -> new JobChange.Refusal(s.refused());
      case JobChanges.Next next -> {
        jobs.put(id, millis(next.row()));
        yield new JobChange.Applied(next.row().state());
      }
    };
  }

  private static JobRow millis(JobRow j) {
    return new JobRow(j.id(), j.name(), j.image(), j.command(), j.env(), j.priority(), j.constraints(),
        j.scheduling(), j.labels(), j.state(), j.exitCode(), j.runtimeStatus(), j.lockCount(), j.lockedBy(),
        j.attempt(), j.instanceType(), j.allocId(), j.nodeId(), Jdbc.millis(j.createdAt()),
        Jdbc.millis(j.firstSeenAt()), Jdbc.millis(j.startedAt()), Jdbc.millis(j.finishedAt()));
  }

  private static AttemptRow millis(AttemptRow a) {
    return new AttemptRow(a.jobId(), a.attempt(), a.nodeId(), a.allocId(), a.execId(), a.state(), a.exitCode(),
        a.error(), Jdbc.millis(a.startedAt()), Jdbc.millis(a.finishedAt()));
  }
}
