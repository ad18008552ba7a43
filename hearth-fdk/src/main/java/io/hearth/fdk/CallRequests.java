package io.hearth.fdk;

import io.hearth.uds.RequestHead;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Decides whether a request head is a call the function should run. Pure: no I/O, no clock.
 *
 * <p>Fn's contract: every call is {@code POST /call} with {@code Fn-Call-Id} and {@code Fn-Deadline}
 * (RFC 3339); Fn's Java FDK rejects a call missing either with 400, and so does this one.
 */
final class CallRequests {
  static final String PATH = "/call";

  /** What to do with one request. */
  sealed interface Verdict {
    /** Run the handler. */
    record Accepted(String callId, Instant deadline) implements Verdict {}

    /** Answer with this status and message without running the handler. */
    record Rejected(int status, String message) implements Verdict {}
  }

  private CallRequests() {}

  static Verdict check(RequestHead head) {
    String path = head.target();
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (!path.equals(PATH)) {
      return new Verdict.Rejected(404, "Path not found: " + head.method() + " " + head.target()
          + " (a function answers POST " + PATH + " only)");
    }
    if (!head.method().equals("POST")) {
      return new Verdict.Rejected(405, "Method not allowed: " + head.method() + " " + PATH + " (use POST)");
    }
    String callId = head.headers().first("Fn-Call-Id");
    if (callId == null || callId.isBlank()) {
      return new Verdict.Rejected(400, "Invalid request: the Fn-Call-Id header is missing");
    }
    String rawDeadline = head.headers().first("Fn-Deadline");
    if (rawDeadline == null || rawDeadline.isBlank()) {
      return new Verdict.Rejected(400, "Invalid request: the Fn-Deadline header is missing");
    }
    Instant deadline = parseDeadline(rawDeadline);
    if (deadline == null) {
      return new Verdict.Rejected(400, "Invalid request: the Fn-Deadline header is not an RFC 3339 time: "
          + rawDeadline);
    }
    return new Verdict.Accepted(callId.strip(), deadline);
  }

  /** An RFC 3339 date-time ({@code 2006-01-02T15:04:05.999Z} or with an offset), or null. */
  static Instant parseDeadline(String raw) {
    String s = raw.strip().toUpperCase(Locale.ROOT); // RFC 3339 allows a lower-case t and z
    if (s.length() > 10 && s.charAt(10) == ' ') { // and a space between date and time
      s = s.substring(0, 10) + 'T' + s.substring(11);
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
