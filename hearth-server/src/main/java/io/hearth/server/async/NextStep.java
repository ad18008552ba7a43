package io.hearth.server.async;

import io.hearth.core.call.CallResult;
import io.hearth.server.calls.CallStatus;
import io.hearth.store.queue.Outcome;
import io.hearth.store.queue.QueuedCall;
import java.time.Duration;
import java.time.Instant;

/**
 * What follows one attempt of an async call, decided from how it ended. Pure.
 *
 * <p>Retried while attempts are left: the function or the node answered 502, 503 or 504 (a
 * failed or timed-out container, a full node, a gateway error the function gave), each after a
 * back-off of 1 s doubling per attempt up to 60 s. Otherwise final: {@code success} when the
 * function answered (whatever its status, which is kept), {@code timeout} when the last attempt
 * ran out of time, {@code error} for every other failure (the message says which).
 */
sealed interface NextStep {
  /** The first retry waits this long; each next one twice as long. */
  Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  /** No retry waits longer. */
  Duration MAX_BACKOFF = Duration.ofSeconds(60);

  record Finish(Outcome outcome) implements NextStep {}

  record Retry(Instant runAfter, String reason) implements NextStep {}

  /** The function's answer as kept: status, headers (JSON) and body, already cut. */
  record Answer(int status, String headers, byte[] body) {}

  static NextStep after(CallResult result, Answer answer, int attempt, int maxAttempts, Instant now) {
    boolean attemptsLeft = attempt < maxAttempts;
    return switch (result) {
      case CallResult.Completed done when retryable(done.status()) && attemptsLeft ->
          new Retry(now.plus(backoff(attempt)), "the function answered " + done.status());
      // the answer's status: a trigger's mapping (Fn-Http-Status) is applied to it already
      case CallResult.Completed done -> new Finish(new Outcome(QueuedCall.SUCCESS,
          answer == null ? done.status() : answer.status(),
          answer == null ? null : answer.headers(), answer == null ? null : answer.body(), null));
      case CallResult.Failed failed when retryable(failed.status()) && attemptsLeft ->
          new Retry(now.plus(backoff(attempt)), failed.message());
      case CallResult.Failed failed -> new Finish(new Outcome(
          CallStatus.TIMEOUT.equals(CallStatus.of(failed)) ? QueuedCall.TIMEOUT : QueuedCall.ERROR,
          failed.status(), null, null, failed.message() + (attempt > 1 ? " (attempt " + attempt + " of "
              + maxAttempts + ")" : "")));
    };
  }

  static boolean retryable(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  /** 1 s, 2 s, 4 s ... up to {@link #MAX_BACKOFF}, after attempt 1, 2, 3 ... */
  static Duration backoff(int attempt) {
    int doublings = Math.min(Math.max(0, attempt - 1), 6);
    Duration d = FIRST_BACKOFF.multipliedBy(1L << doublings);
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
