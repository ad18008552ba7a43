package io.hearth.store;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Apps, functions, triggers and call records, kept in H2 or PostgreSQL. Every method blocks on JDBC (call it
 * from a virtual thread) and is thread-safe. Failures are {@link StoreException}s: {@code
 * Conflict} when a uniqueness rule refuses a write, {@code NotFound} when a row the write needs
 * is missing, {@code Unavailable} when the database cannot be reached.
 *
 * <p>Writes return the record as stored: timestamps are kept to the millisecond. Callers make the
 * ids and timestamps; the store checks neither.
 */
public interface Datastore extends AutoCloseable {

  /**
   * Connects, brings the schema up to date and returns the store.
   *
   * @throws StoreException.Unavailable if the database cannot be reached
   */
  static Datastore open(DatastoreConfig config) {
    return JdbcDatastore.open(config);
  }

  /** @throws StoreException.Conflict if the id or name is taken */
  App insertApp(App app);

  Optional<App> getApp(String id);

  Optional<App> getAppByName(String name);

  /**
   * Replaces every field of the app with this id.
   *
   * @throws StoreException.NotFound "App not found"
   * @throws StoreException.Conflict if the new name is taken
   */
  App updateApp(App app);

  /** Deletes the app with its functions and triggers; false if there was no such app. */
  boolean deleteApp(String id);

  Page<App> listApps(ListQuery query);

  /**
   * @throws StoreException.NotFound "App not found"
   * @throws StoreException.Conflict if the id, or the name within the app, is taken
   */
  Fn insertFn(Fn fn);

  Optional<Fn> getFn(String id);

  Optional<Fn> getFnByName(String appId, String name);

  /**
   * Replaces every field of the function with this id and app id except those two.
   *
   * @throws StoreException.NotFound "Fn not found"
   * @throws StoreException.Conflict if the new name is taken in the app
   */
  Fn updateFn(Fn fn);

  /** Deletes the function and its triggers; false if there was no such function. */
  boolean deleteFn(String id);

  Page<Fn> listFns(String appId, ListQuery query);

  /**
   * @throws StoreException.NotFound "App not found", or "Fn not found" when the function does not
   *     exist in that app
   * @throws StoreException.Conflict if the id, the name for the function, or the type and source in
   *     the app, is taken
   */
  Trigger insertTrigger(Trigger trigger);

  Optional<Trigger> getTrigger(String id);

  /**
   * Replaces every field of the trigger with this id and app id except those two.
   *
   * @throws StoreException.NotFound "Trigger not found", or "Fn not found" for a function not in
   *     the app
   * @throws StoreException.Conflict as for {@link #insertTrigger}
   */
  Trigger updateTrigger(Trigger trigger);

  boolean deleteTrigger(String id);

  /** The app's triggers, or only those of {@code fnId} when it is not null. */
  Page<Trigger> listTriggers(String appId, String fnId, ListQuery query);

  /** The app's HTTP trigger for this source path, as {@code /t/{app}/{source}} needs. */
  Optional<Trigger> getTriggerBySource(String appId, String source);

  /**
   * Records calls with their logs, all or none (one transaction). A call whose id is already
   * recorded is skipped, its log too: the first account of a call is kept. Timestamps are kept to
   * the millisecond, durations to the microsecond.
   */
  void insertCalls(List<NewCall> calls);

  Optional<CallRecord> getCall(String callId);

  /** The call's log: "" when it wrote nothing; empty when no such call is recorded. */
  Optional<String> getCallLog(String callId);

  /** A function's calls, newest first, a page at a time. */
  Page<CallRecord> listCalls(CallQuery query);

  /**
   * Deletes up to {@code limit} of the oldest calls created before {@code cutoff}, with their logs;
   * returns how many. Bounded so that one statement never holds the tables for long.
   */
  int deleteCallsBefore(Instant cutoff, int limit);

  /**
   * Registers the runner, or refreshes its registration: address, draining, heartbeat time. Its
   * first registration gives it the next place in the runners' order, which it keeps.
   */
  void heartbeatRunner(String id, String address, boolean draining, Instant at);

  /** Every registered runner, in the order they first registered. */
  List<RunnerRow> listRunners();

  /** Deletes runners whose last heartbeat is before {@code silentSince}; returns how many. */
  int forgetRunners(Instant silentSince);

  /**
   * Checks that the database answers.
   *
   * @throws StoreException.Unavailable if it does not
   */
  void ping();

  /** Closes the pool; operations after this throw {@link StoreException.Unavailable}. */
  @Override
  void close();
}
