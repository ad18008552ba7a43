package io.hearth.store.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The durable call queue: async calls are enqueued before they are acknowledged and claimed by
 * workers with a lease (rows locked and skipped by other claimers, so two workers never claim one
 * call), detached calls are recorded before their 202. Every change of a call is guarded by the
 * node and attempt that hold it, so a worker whose claim expired cannot overwrite its successor's.
 * Every method blocks and is thread-safe; failures are {@link io.hearth.store.StoreException}s.
 */
public interface CallQueue {

  /**
   * Adds the call unless its function already has {@code maxOpen} calls queued or running; returns
   * whether it was added (committed when this returns).
   */
  boolean enqueue(QueuedCall call, int maxOpen);

  /** Records a detached call (running) before its 202; committed when this returns. */
  void recordDetached(QueuedCall call);

  Optional<QueuedCall> get(String id);

  /**
   * Claims up to {@code limit} async calls for {@code nodeId}: queued ones due by {@code now}, and
   * running ones whose claim expired (their node is gone; a call without attempts left is ended
   * as an error instead), oldest due first, skipping functions in {@code skipFns}. Each claimed
   * call is running, held until {@code now + lease}, its attempts one more.
   */
  default List<QueuedCall> claim(String nodeId, Instant now, Duration lease, int limit, Collection<String> skipFns) {
    return claim(nodeId, now, lease, limit, skipFns, fnId -> 0);
  }

  /**
   * Like the claim above, but a function whose {@code concurrencyOf} is more than 0 (its {@code
   * hearth.io/async_concurrency}) has at most that many async calls running, counted over every node
   * of the cluster: the claims held (not expired) in the shared queue. Atomic on every database: the
   * claimers of one function take turns (the function's row is locked while they count and claim).
   */
  List<QueuedCall> claim(String nodeId, Instant now, Duration lease, int limit, Collection<String> skipFns,
      java.util.function.ToIntFunction<String> concurrencyOf);

  /** Moves the claims of these calls that {@code nodeId} still holds to {@code until}; how many it holds. */
  int renew(String nodeId, Collection<String> ids, Instant until);

  /**
   * Ends the call as the attempt that holds it: only while it is running on {@code nodeId} at
   * {@code attempt}. Returns whether it applied.
   */
  boolean finish(String id, String nodeId, int attempt, Outcome outcome, Instant now);

  /**
   * Gives a claim back unused (the node will not run the call now: its function is at its
   * concurrency limit), its attempt not counted, under the same guard as {@link #finish}.
   */
  boolean release(String id, String nodeId, int attempt);

  /** Puts the call back in the queue, not before {@code runAfter}, under the same guard as {@link #finish}. */
  boolean retry(String id, String nodeId, int attempt, Instant runAfter, String lastError);

  /**
   * What a node restarting does first: its detached calls still running end as errors with
   * {@code reason}; its async claims return to the queue (or end as errors when no attempt is
   * left). Returns how many calls it touched.
   */
  int recoverNode(String nodeId, Instant now, String reason);

  /** Moves the owner lease of every detached call {@code nodeId} still runs to {@code until}; how many. */
  int renewDetached(String nodeId, Instant until);

  /**
   * Ends as errors with {@code reason} the detached calls whose owner lease expired before {@code
   * now} (their node went away and did not come back to renew it); how many.
   */
  int endExpiredDetached(Instant now, String reason);

  /** Per function with async calls waiting or running. */
  List<Depth> depths();

  /** Deletes up to {@code limit} final calls completed before {@code cutoff}; how many. */
  int deleteFinishedBefore(Instant cutoff, int limit);
}
