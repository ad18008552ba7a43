package io.hearth.store.jobs;

import io.hearth.core.job.AttemptState;
import io.hearth.core.job.JobState;
import io.hearth.core.job.RuntimeStatus;
import io.hearth.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs and their attempts. Every change of state is guarded: it applies only when the job's row
 * allows it by the rules of {@link io.hearth.core.job.JobTransitions}, in one guarded statement
 * (plus the attempt row's, in the same transaction, where an attempt starts or ends), and answers
 * a {@link JobChange} saying whether it did and, if not, why — so two dispatchers racing to lock a
 * job have one winner, and a refused change writes nothing. Times are kept to the millisecond.
 * Every method blocks and is thread-safe; failures other than these answers are {@link
 * io.hearth.store.StoreException}s.
 */
public interface JobStore {

  /** The largest page of {@link #schedulerOrder}: a dispatcher's pass reads this many at once. */
  int MAX_QUEUE_PAGE = 1000;

  /** The largest log {@link #keepFiles} keeps of an attempt (the dispatcher keeps its tail). */
  int MAX_LOG_BYTES = 8 << 20;

  /** The largest output tar {@link #keepFiles} keeps of an attempt (the dispatcher's own bound is lower). */
  int MAX_OUTPUT_BYTES = 256 << 20;

  /**
   * Records a new job as given (normally {@link JobRow#queued}).
   *
   * @throws io.hearth.store.StoreException.Conflict if a job with its id exists; that one is kept
   */
  void insert(JobRow job);

  Optional<JobRow> get(String id);

  /** Changes priority (refused once the job is final), name and labels, all or none. */
  JobChange update(String id, JobPatch patch);

  /** Queued with priority &gt; 0 to locked by {@code dispatcher}. */
  JobChange lock(String id, String dispatcher);

  /**
   * Locked to queued, by its locker only (else a FORBIDDEN refusal), counting {@code lock_count};
   * the unlock that reaches the maximum dispatch attempts cancels it instead ({@code at} its finish).
   */
  JobChange unlock(String id, String dispatcher, Instant at);

  /**
   * A restarted dispatcher takes over a locked or running job from {@code previous} (the locker
   * it read from the row, no longer alive), so that it may unlock, start or finish it.
   */
  JobChange adopt(String id, String previous, String dispatcher);

  /**
   * Locked (by {@code dispatcher}, at the attempt {@code started} names) to running on {@code
   * instanceType}, recording the attempt. An attempt is started once: a second start of the same
   * attempt is refused.
   */
  JobChange start(String id, String dispatcher, String instanceType, AttemptRow started);

  /** Running (by {@code dispatcher}, at {@code attempt}) to complete with the exit code; the attempt ends complete. */
  JobChange complete(String id, String dispatcher, int attempt, int exitCode, Instant at);

  /**
   * The running attempt ended cancelled for {@code reason}: the attempt row ends cancelled, and the
   * job is queued again as the next attempt (its lock and lock count cleared, its first-seen time
   * kept) while attempts remain and its priority is above 0 — else it ends cancelled, saying why.
   */
  JobChange retry(String id, String dispatcher, int attempt, String reason, Instant at);

  /**
   * Queued, locked or running to cancelled, with {@code error} (or null) as its runtime status
   * error. The dispatcher of a running attempt kills its container and then {@link #endAttempt}s it.
   */
  JobChange cancel(String id, String error, Instant at);

  /** Sets the runtime status of a job that is not final. */
  JobChange setRuntimeStatus(String id, RuntimeStatus status);

  /**
   * Ends a running attempt (e.g. after the job was cancelled and its container killed).
   *
   * @param state complete or cancelled
   * @return whether it applied: false when the attempt is not there or has ended
   */
  boolean endAttempt(String jobId, int attempt, AttemptState state, Integer exitCode, String error, Instant at);

  /**
   * Keeps what an attempt left: the bytes of its log (stdout and stderr) and a tar of its output,
   * either one null when there is none. A second call for the same attempt replaces the first.
   *
   * @throws io.hearth.store.StoreException.NotFound if the job has no such attempt
   * @throws IllegalArgumentException if the log is over {@value #MAX_LOG_BYTES} bytes or the tar
   *     over {@value #MAX_OUTPUT_BYTES}
   */
  void keepFiles(String jobId, int attempt, byte[] log, byte[] outputTar);

  /** The log kept of an attempt, empty when none was kept (or the attempt is not there). */
  Optional<byte[]> log(String jobId, int attempt);

  /** The output tar kept of an attempt, empty when none was kept (or the attempt is not there). */
  Optional<byte[]> output(String jobId, int attempt);

  /** A job's attempts, first first. */
  List<AttemptRow> attempts(String jobId);

  /** Jobs newest first, a page at a time, by state, labels and name. */
  Page<JobRow> list(JobQuery query);

  /**
   * Jobs in the queue (not final) in scheduler order (SEMANTICS.md A: running, then locked, then
   * priority descending, then first seen ascending, then id), {@code limit} at a time (clamped to
   * 1..{@value #MAX_QUEUE_PAGE}) from after {@code cursor} (null: the start).
   * Served by an index; a deep page costs what the first does.
   *
   * @throws IllegalArgumentException if the cursor was not issued by this order
   */
  Page<JobRow> schedulerOrder(int limit, String cursor);

  /** How many jobs are in each state (every state present, 0 where none). */
  Map<JobState, Long> countByState();

  /** Deletes up to {@code limit} jobs that finished before {@code before}, with their attempts; returns how many. */
  int deleteFinished(Instant before, int limit);
}
