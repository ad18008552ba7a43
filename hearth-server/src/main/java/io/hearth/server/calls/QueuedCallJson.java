package io.hearth.server.calls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.queue.QueuedCall;

/**
 * The state of a call: {@code state} (queued | running | success | error | timeout), its attempts
 * and timings. A call in the durable queue (async or detached) shows its queue row, with the call
 * record's durations (and {@code cold}) once there is one; any other call its record, its state
 * read from its status.
 */
final class QueuedCallJson {
  private QueuedCallJson() {}

  static ObjectNode of(CallJson json, QueuedCall q, CallRecord record) {
    ObjectNode n = record != null ? json.call(record) : json.call(placeholder(q));
    if (record == null) { // durations come with the call record, written shortly after the call ends
      n.remove(java.util.List.of("queue_duration_ms", "init_duration_ms", "exec_duration_ms", "cold"));
    }
    n.put("state", q.state());
    n.put("kind", q.kind().name().toLowerCase(java.util.Locale.ROOT));
    if (record == null || !q.isFinal()) {
      n.put("status", q.state());
    }
    n.put("attempts", q.attempts());
    n.put("max_attempts", q.maxAttempts());
    n.put("created_at", CallJson.time(q.createdAt()));
    if (q.startedAt() != null) {
      n.put("started_at", CallJson.time(q.startedAt()));
    } else {
      n.remove("started_at");
    }
    if (q.completedAt() != null) {
      n.put("completed_at", CallJson.time(q.completedAt()));
    } else {
      n.remove("completed_at");
    }
    if (q.state().equals(QueuedCall.QUEUED) && q.attempts() > 0) {
      n.put("retry_after", CallJson.time(q.runAfter()));
    }
    if (q.error() != null) {
      n.put("error", q.error());
    } else if (q.isFinal() || record == null) {
      n.remove("error");
    }
    if (q.resultStatus() != null) {
      n.put("result_status", q.resultStatus());
    }
    return n;
  }

  /** A call with only its queue row so far: its record's fields from the row, durations zero. */
  private static CallRecord placeholder(QueuedCall q) {
    java.time.Instant end = q.completedAt() != null ? q.completedAt() : q.createdAt();
    return new CallRecord(q.id(), q.appId(), q.fnId(), q.state(), q.createdAt(), q.startedAt(), end,
        java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO, false, q.error());
  }

  /** A plain call's state, from its record's status: rejected and cancelled calls ended in error. */
  static String stateOf(String status) {
    return switch (status) {
      case CallStatus.SUCCESS, CallStatus.TIMEOUT -> status;
      default -> QueuedCall.ERROR;
    };
  }
}
