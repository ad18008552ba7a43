package io.hearth.store.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened to one call, as kept in the datastore.
 *
 * @param status      how it ended: {@code success}, {@code error}, {@code timeout}, {@code rejected}
 *                    or {@code cancelled} (the server decides; the store keeps any word)
 * @param startedAt   when a container began running it, or null when it never ran
 * @param queue       waiting for a container, not counting starting one
 * @param init        starting a container for it; zero when a warm one served it
 * @param exec        running it, from sending the request to the end of the answer
 * @param cold        whether a container was started for it
 * @param error       why it failed, or null when it succeeded
 */
public record CallRecord(
    String id,
    String appId,
    String fnId,
    String status,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Duration queue,
    Duration init,
    Duration exec,
    boolean cold,
    String error) {

  /** Longest error message kept; longer ones are cut (the column's size). */
  public static final int MAX_ERROR_CHARS = 2048;

  public CallRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(fnId, "fnId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(completedAt, "completedAt");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(exec, "exec");
    if (error != null && error.length() > MAX_ERROR_CHARS) {
      error = error.substring(0, MAX_ERROR_CHARS);
    }
  }
}
