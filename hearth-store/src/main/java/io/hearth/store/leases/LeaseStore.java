package io.hearth.store.leases;

import io.hearth.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Leased allocations and their execs: written by the node holding them (an alloc id names its
 * node), read back by it after a restart to re-adopt them, read by the allocs API, deleted by the
 * retention janitor once ended. The guarded writes ({@link #keepalive}, {@link #expire}, {@link
 * #end}) apply only when the alloc is in a state that allows them, in one statement, and say
 * whether they did, so that a keepalive racing a reclaim has one winner. Times are kept to the
 * millisecond. Every method blocks and is thread-safe; failures are {@link
 * io.hearth.store.StoreException}s.
 */
public interface LeaseStore {

  /**
   * Records a new alloc.
   *
   * @throws io.hearth.store.StoreException.Conflict if an alloc with its id exists; that one is kept
   */
  void insertAlloc(AllocRow alloc);

  /** The alloc with its execs, or empty when there is none with this id (or it was deleted). */
  Optional<AllocRecord> get(String allocId);

  /**
   * Renews the alloc's lease: its last keepalive becomes {@code at}, its expiry {@code expiresAt},
   * and an expired alloc becomes active again. Only while it is live (active or expired).
   *
   * @return whether it applied: false when the alloc is reclaimed, freed or not there
   * @throws IllegalArgumentException if {@code expiresAt} is before {@code at}
   */
  boolean keepalive(String allocId, Instant at, Instant expiresAt);

  /**
   * Marks an active alloc expired when its lease has run out by {@code now} (its expiry is at or
   * before it); its execs keep running.
   *
   * @return whether it applied: false when the alloc is not active, its lease runs on, or it is not there
   */
  boolean expire(String allocId, Instant now);

  /**
   * Ends a live alloc: freed (any live alloc) or reclaimed (only one whose lease has run out by
   * {@code endedAt}: an active alloc is never reclaimed, so a keepalive that came first wins).
   * An alloc ends once; its first end is kept.
   *
   * @param state {@link AllocState#FREED} or {@link AllocState#RECLAIMED}
   * @return whether it applied: false when the alloc has ended already, is not reclaimable yet, or
   *     is not there
   * @throws IllegalArgumentException if {@code state} is a live state
   */
  boolean end(String allocId, AllocState state, Instant endedAt);

  /**
   * The live (active or expired) allocs of a node, with their execs, oldest first: what a node
   * restarted re-adopts.
   */
  List<AllocRecord> liveOnNode(String nodeId);

  /** Allocs, with their execs, newest first, a page at a time. */
  Page<AllocRecord> list(AllocQuery query);

  /**
   * Records a new exec in its alloc.
   *
   * @throws io.hearth.store.StoreException.NotFound if there is no such alloc
   * @throws io.hearth.store.StoreException.Conflict if an exec with its id exists; that one is kept
   */
  void insertExec(ExecRow exec);

  /**
   * Writes what changed of an exec: state, container id, exit code, oom, error, start and finish
   * times. Its image, command, environment, resources, labels and creation stay as recorded.
   *
   * @throws io.hearth.store.StoreException.NotFound if its alloc has no exec with its id
   */
  void updateExec(ExecRow exec);

  /**
   * Deletes up to {@code limit} of the allocs that ended before {@code endedBefore}, those that
   * ended first first, with their execs; returns how many allocs. Live allocs are never deleted.
   * Bounded so that one statement never holds the tables for long.
   */
  int deleteEnded(Instant endedBefore, int limit);
}
