package io.hearth.server.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.store.calls.CallQuery;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.CallStore;
import io.hearth.store.queue.CallQueue;
import io.hearth.store.queue.QueuedCall;
import java.util.Optional;
import io.hearth.store.functions.FnStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code /v2/fns/{fn_id}/calls}: a function's call records, newest first, one record, and a
 * record's log as text. Time filters are Unix seconds, as Fn's were: {@code from_time} inclusive,
 * {@code to_time} exclusive; {@code status} keeps the calls that ended with one {@link CallStatus}.
 */
final class CallsApi {
  /** 9999-12-31T23:59:59Z: the last second both databases store. */
  private static final long LAST_SECOND = 253_402_300_799L;

  private final CallStore store;
  private final FnStore fns;
  private final ObjectMapper mapper;
  private final CallJson json;
  /** The durable queue's async and detached calls, or null on a node without it. */
  private final CallQueue queue;

  CallsApi(CallStore store, FnStore fns, ObjectMapper mapper) {
    this(store, fns, mapper, null);
  }

  CallsApi(CallStore store, FnStore fns, ObjectMapper mapper, CallQueue queue) {
    this.queue = queue;
    this.store = store;
    this.fns = fns;
    this.mapper = mapper;
    this.json = new CallJson(mapper);
  }

  void register(Router router) {
    router.on("GET", "/v2/fns/{fn_id}/calls", this::list)
        .on("GET", "/v2/fns/{fn_id}/calls/{call_id}", this::get)
        .on("GET", "/v2/fns/{fn_id}/calls/{call_id}/log", this::log)
        .on("GET", "/v2/fns/{fn_id}/calls/{call_id}/result", this::result);
  }

  private void list(Exchange ex) {
    String fnId = fn(ex);
    CallQuery query;
    try {
      query = new CallQuery(fnId, seconds(ex, "from_time"), seconds(ex, "to_time"), status(ex), ex.query("cursor"),
          perPage(ex));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Invalid cursor: pass the next_cursor of the previous page");
    }
    Page<CallRecord> page = store.list(query);
    ArrayNode items = mapper.createArrayNode();
    page.items().forEach(c -> items.add(json.call(c)));
    ObjectNode out = mapper.createObjectNode();
    out.set("items", items);
    if (page.nextCursor() != null) {
      out.put("next_cursor", page.nextCursor());
    }
    ex.json(200, out);
  }

  private void get(Exchange ex) {
    String fnId = fn(ex);
    Optional<QueuedCall> queued = queued(ex.segment(4), fnId);
    Optional<CallRecord> record = store.get(ex.segment(4)).filter(c -> c.fnId().equals(fnId));
    if (queued.isPresent()) {
      ex.json(200, QueuedCallJson.of(json, queued.get(), record.orElse(null)));
      return;
    }
    CallRecord c = record.orElseThrow(() -> ApiException.notFound("Call not found"));
    ex.json(200, json.call(c).put("state", QueuedCallJson.stateOf(c.status())));
  }

  private Optional<QueuedCall> queued(String callId, String fnId) {
    return queue == null ? Optional.empty() : queue.get(callId).filter(q -> q.fnId().equals(fnId));
  }

  /**
   * An async call's stored answer: the function's status, headers and body (cut to
   * HEARTH_ASYNC_MAX_RESULT_BODY), or the error it ended with as the API's JSON; 409 until it ends.
   */
  private void result(Exchange ex) {
    String fnId = fn(ex);
    QueuedCall q = queued(ex.segment(4), fnId).orElseThrow(() -> store.get(ex.segment(4))
        .filter(c -> c.fnId().equals(fnId)).isPresent()
            ? ApiException.notFound("Call " + ex.segment(4) + " was not an async call: its answer went to its client")
            : ApiException.notFound("Call not found"));
    if (q.kind() == QueuedCall.Kind.DETACHED) {
      throw ApiException.notFound("Call " + q.id() + " was detached: its answer is not kept; GET the call for how"
          + " it ended");
    }
    if (!q.isFinal()) {
      throw new ApiException(409, "Call " + q.id() + " is " + q.state() + " (attempt " + q.attempts() + " of "
          + q.maxAttempts() + "): its result is kept once it ends");
    }
    ex.response().getHeaders().put("Fn-Call-Id", q.id());
    ex.response().getHeaders().put("Hearth-Call-State", q.state());
    if (q.resultHeaders() == null || q.resultStatus() == null) {
      ex.error(q.resultStatus() == null ? 502 : q.resultStatus(), q.error() == null ? "the call failed" : q.error());
      return;
    }
    ResultHeaders.copy(q.resultHeaders(), ex.response());
    byte[] body = q.resultBody() == null ? new byte[0] : q.resultBody();
    ex.response().setStatus(q.resultStatus());
    ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    ex.response().write(true, ByteBuffer.wrap(body), ex.callback());
  }

  private void log(Exchange ex) {
    CallRecord call = call(ex);
    String text = store.log(call.id()).orElseThrow(() -> ApiException.notFound("Call not found"));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.response().setStatus(200);
    ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    ex.response().write(true, ByteBuffer.wrap(bytes), ex.callback());
  }

  /** The function's id, once it is known to exist; 404 "Fn not found" otherwise. */
  private String fn(Exchange ex) {
    String fnId = ex.segment(2);
    if (fns.get(fnId).isEmpty()) {
      throw ApiException.notFound("Fn not found");
    }
    return fnId;
  }

  /** The call named in the path, which must be one of the function's. */
  private CallRecord call(Exchange ex) {
    String fnId = fn(ex);
    return store.get(ex.segment(4))
        .filter(c -> c.fnId().equals(fnId))
        .orElseThrow(() -> ApiException.notFound("Call not found"));
  }

  private static Instant seconds(Exchange ex, String name) {
    String raw = ex.query(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(raw.strip());
      if (seconds >= 0 && seconds <= LAST_SECOND) {
        return Instant.ofEpochSecond(seconds);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("Invalid " + name + " '" + raw + "': must be a time in Unix seconds");
  }

  /** The statuses a call record can have, in the order the API's messages list them. */
  static final java.util.List<String> STATUSES = java.util.List.of(CallStatus.SUCCESS, CallStatus.ERROR,
      CallStatus.TIMEOUT, CallStatus.REJECTED, CallStatus.CANCELLED);

  private static String status(Exchange ex) {
    String raw = ex.query("status");
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (!STATUSES.contains(raw)) {
      throw ApiException.badRequest("Invalid status '" + raw + "': must be one of " + String.join(", ", STATUSES));
    }
    return raw;
  }

  private static int perPage(Exchange ex) {
    String raw = ex.query("per_page");
    if (raw == null || raw.isEmpty()) {
      return ListQuery.DEFAULT_PER_PAGE;
    }
    try {
      return Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid per_page '" + raw + "': must be a whole number");
    }
  }
}
