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
import io.hearth.store.functions.FnStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code /v2/fns/{fn_id}/calls}: a function's call records, newest first, one record, and a
 * record's log as text. Time filters are Unix seconds, as Fn's were: {@code from_time} inclusive,
 * {@code to_time} exclusive.
 */
final class CallsApi {
  /** 9999-12-31T23:59:59Z: the last second both databases store. */
  private static final long LAST_SECOND = 253_402_300_799L;

  private final CallStore store;
  private final FnStore fns;
  private final ObjectMapper mapper;
  private final CallJson json;

  CallsApi(CallStore store, FnStore fns, ObjectMapper mapper) {
    this.store = store;
    this.fns = fns;
    this.mapper = mapper;
    this.json = new CallJson(mapper);
  }

  void register(Router router) {
    router.on("GET", "/v2/fns/{fn_id}/calls", this::list)
        .on("GET", "/v2/fns/{fn_id}/calls/{call_id}", this::get)
        .on("GET", "/v2/fns/{fn_id}/calls/{call_id}/log", this::log);
  }

  private void list(Exchange ex) {
    String fnId = fn(ex);
    CallQuery query;
    try {
      query = new CallQuery(fnId, seconds(ex, "from_time"), seconds(ex, "to_time"), ex.query("cursor"),
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
    ex.json(200, json.call(call(ex)));
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
