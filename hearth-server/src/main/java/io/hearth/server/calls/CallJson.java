package io.hearth.server.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.store.calls.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A call record as JSON: the fields of Fn's call model ({@code id, status, app_id, fn_id,
 * created_at, started_at, completed_at, error}) plus Hearth's durations in milliseconds (to the
 * microsecond) and whether a container was started for it.
 */
final class CallJson {
  /** RFC 3339 with milliseconds, UTC, as every timestamp of the API. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final ObjectMapper mapper;

  CallJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode call(CallRecord c) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", c.id());
    n.put("status", c.status());
    n.put("app_id", c.appId());
    n.put("fn_id", c.fnId());
    n.put("created_at", time(c.createdAt()));
    if (c.startedAt() != null) {
      n.put("started_at", time(c.startedAt()));
    }
    n.put("completed_at", time(c.completedAt()));
    if (c.error() != null) {
      n.put("error", c.error());
    }
    n.put("queue_duration_ms", millis(c.queue()));
    n.put("init_duration_ms", millis(c.init()));
    n.put("exec_duration_ms", millis(c.exec()));
    n.put("cold", c.cold());
    return n;
  }

  static String time(Instant t) {
    return TIME.format(t);
  }

  /** Milliseconds to the microsecond, e.g. 0.412 or 1500.0. */
  static double millis(Duration d) {
    return (d.toNanos() / 1_000) / 1000.0;
  }
}
