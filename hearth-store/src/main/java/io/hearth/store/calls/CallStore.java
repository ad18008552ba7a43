package io.hearth.store.calls;

import io.hearth.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happened to each call, with its log: written in batches by a node's call-record writer,
 * read by the calls API, deleted by age by the retention janitor. Records have no link to their
 * function, so they outlive it until retention. Every method blocks and is thread-safe; failures
 * are {@link io.hearth.store.StoreException}s.
 */
public interface CallStore {

  /**
   * Records calls with their logs, all or none (one transaction). A call whose id is already
   * recorded is skipped, its log too: the first account of a call is kept. Timestamps are kept to
   * the millisecond, durations to the microsecond.
   */
  void insert(List<NewCall> calls);

  Optional<CallRecord> get(String callId);

  /** The call's log: "" when it wrote nothing; empty when no such call is recorded. */
  Optional<String> log(String callId);

  /** A function's calls, newest first, a page at a time. */
  Page<CallRecord> list(CallQuery query);

  /**
   * Deletes up to {@code limit} of the oldest calls completed before {@code cutoff}, with their
   * logs; returns how many. Bounded so that one statement never holds the tables for long. (By
   * completion, not creation, since issue 16: the index the dashboard's feed reads serves it, and
   * one index fewer makes every insert cheaper.)
   */
  int deleteBefore(Instant cutoff, int limit);
}
