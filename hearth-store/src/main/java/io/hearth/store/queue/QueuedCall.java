package io.hearth.store.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One call in the durable queue: an async call from its acceptance to its stored answer, or a
 * detached call from before its 202 to its end.
 *
 * @param nodeId         the node running it (detached) or holding its claim (async, running); null otherwise
 * @param claimUntil     when an async claim returns to the queue unless renewed; null unless running
 * @param attempts       how many times it has been started (claimed), 0 while never
 * @param runAfter       not claimed before this (the retry back-off)
 * @param trigger        whether the answer is mapped as an HTTP trigger's when read
 * @param requestHeaders the call's headers as the server encodes them (JSON)
 * @param requestBody    the call's body; empty for detached calls, which keep none
 * @param resultStatus   the function's status once final, null before (and when it never answered)
 * @param resultHeaders  its headers (JSON) once final, or null
 * @param resultBody     its body, cut to the server's limit, or null
 * @param error          why it failed, or null
 */
public record QueuedCall(
    String id,
    String appId,
    String fnId,
    Kind kind,
    String state,
    String nodeId,
    Instant claimUntil,
    int attempts,
    int maxAttempts,
    Instant runAfter,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    boolean trigger,
    String requestHeaders,
    byte[] requestBody,
    Integer resultStatus,
    String resultHeaders,
    byte[] resultBody,
    String error) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String SUCCESS = "success";
  public static final String ERROR = "error";
  public static final String TIMEOUT = "timeout";
  /** The states a call ends in. */
  public static final Set<String> FINAL = Set.of(SUCCESS, ERROR, TIMEOUT);

  /** Longest error message kept; longer ones are cut (the column's size). */
  public static final int MAX_ERROR_CHARS = 2048;

  /** Which way the call came in. */
  public enum Kind {
    ASYNC, DETACHED;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Kind of(String column) {
      return valueOf(column.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public QueuedCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(fnId, "fnId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(runAfter, "runAfter");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    requestBody = requestBody == null ? new byte[0] : requestBody;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    error = cut(error);
  }

  /** An async call accepted now, waiting for its first claim. */
  public static QueuedCall async(String id, String appId, String fnId, int maxAttempts, Instant now, boolean trigger,
      String headers, byte[] body) {
    return new QueuedCall(id, appId, fnId, Kind.ASYNC, QUEUED, null, null, 0, maxAttempts, now, now, null, null,
        trigger, headers, body, null, null, null, null);
  }

  /** A detached call about to start on {@code nodeId}: recorded running before its 202. */
  public static QueuedCall detached(String id, String appId, String fnId, String nodeId, Instant now, String headers) {
    return detached(id, appId, fnId, nodeId, now, headers, null);
  }

  /**
   * A detached call placed by {@code nodeId}, owned by it until {@code leaseUntil} (null: until its
   * node says otherwise); the owner renews the lease, and once it has expired any node ends the call.
   */
  public static QueuedCall detached(String id, String appId, String fnId, String nodeId, Instant now, String headers,
      Instant leaseUntil) {
    return new QueuedCall(id, appId, fnId, Kind.DETACHED, RUNNING, nodeId, leaseUntil, 1, 1, now, now, now, null,
        false, headers, null, null, null, null, null);
  }

  public boolean isFinal() {
    return FINAL.contains(state);
  }

  static String cut(String error) {
    return error != null && error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
  }
}
