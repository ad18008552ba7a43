package io.hearth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hearth.core.id.Ids;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.store.functions.FunctionStore;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * {@code /v2/triggers}: create, read, list, update and delete HTTP triggers, which route
 * {@code /t/{app name}{source}} to a function of the app. As in Fn, an update may change the name,
 * the function (to another of the same app), the source and the annotations; the app and the type
 * stay. Every trigger answer carries the generated {@code fnproject.io/trigger/httpEndpoint}.
 */
public final class TriggersApi {
  private final FunctionStore store;
  private final Ids ids;
  private final InstantSource clock;
  private final ObjectMapper mapper;
  private final ApiJson json;
  private final BaseUrl baseUrl;
  private final FnCache cache;

  public TriggersApi(FunctionStore store, Ids ids, InstantSource clock, ObjectMapper mapper, BaseUrl baseUrl,
      FnCache cache) {
    this.store = store;
    this.ids = ids;
    this.clock = clock;
    this.mapper = mapper;
    this.json = new ApiJson(mapper);
    this.baseUrl = baseUrl;
    this.cache = cache;
  }

  public void register(Router router) {
    router.on("GET", "/v2/triggers", this::list)
        .on("POST", "/v2/triggers", this::create)
        .on("GET", "/v2/triggers/{id}", this::get)
        .on("PUT", "/v2/triggers/{id}", this::update)
        .on("DELETE", "/v2/triggers/{id}", this::delete);
  }

  private void create(Exchange ex) {
    JsonNode body = ex.readJson();
    if (AppsApi.hasId(body)) {
      throw ApiException.badRequest("A trigger's id is chosen by the server; leave out 'id'");
    }
    String name = Validation.triggerName(body);
    String appId = Validation.requiredId(body, "app_id");
    String fnId = Validation.requiredId(body, "fn_id");
    String type = type(body);
    if (type == null) {
      throw ApiException.badRequest("Missing type: the only trigger type is \"http\"");
    }
    String source = Validation.source(body);
    Instant now = now();
    Trigger trigger = new Trigger(ids.next(), name, appId, fnId, type, source,
        Validation.withoutDeletions(Validation.annotations(body, mapper), false), now, now);
    App app = app(appId);
    fnOf(app, fnId);
    Trigger stored = store.triggers().insert(trigger);
    cache.invalidateTriggers();
    ex.json(200, json.trigger(stored, app.name(), baseUrl.of(ex)));
  }

  private void get(Exchange ex) {
    Trigger t = find(ex.segment(2));
    ex.json(200, json.trigger(t, app(t.appId()).name(), baseUrl.of(ex)));
  }

  private void list(Exchange ex) {
    String appId = ex.query("app_id");
    if (appId == null || appId.isEmpty()) {
      throw ApiException.badRequest("Missing app_id: list the triggers of one app, e.g. /v2/triggers?app_id=...");
    }
    String fnId = ex.query("fn_id");
    ListQuery query = Paging.query(ex);
    App app = app(appId);
    if (fnId != null && !fnId.isEmpty()) {
      fnOf(app, fnId);
    } else {
      fnId = null;
    }
    if (Paging.matchesNothing(query)) {
      ex.json(200, Paging.empty(mapper));
      return;
    }
    Page<Trigger> page = store.triggers().list(appId, fnId, query);
    ArrayNode items = mapper.createArrayNode();
    String base = baseUrl.of(ex);
    page.items().forEach(t -> items.add(json.trigger(t, app.name(), base)));
    ex.json(200, Paging.page(mapper, items, page));
  }

  private void update(Exchange ex) {
    Trigger current = find(ex.segment(2));
    JsonNode body = ex.readJson();
    String id = Validation.text(body, "id");
    if (id != null && !id.isEmpty() && !id.equals(current.id())) {
      throw ApiException.badRequest("The id in the body does not match the trigger's id in the path; an id "
          + "cannot be changed");
    }
    String appId = Validation.text(body, "app_id");
    if (appId != null && !appId.isEmpty() && !appId.equals(current.appId())) {
      throw ApiException.badRequest("A trigger's app_id cannot be changed; create a trigger in the other app");
    }
    String type = type(body);
    if (type != null && !type.equals(current.type())) {
      throw ApiException.badRequest("A trigger's type cannot be changed");
    }
    String name = isSet(body, "name") ? Validation.triggerName(body) : current.name();
    String fnId = Validation.text(body, "fn_id");
    fnId = fnId == null || fnId.isEmpty() ? current.fnId() : fnId;
    String source = isSet(body, "source") ? Validation.source(body) : current.source();
    Trigger updated = new Trigger(current.id(), name, current.appId(), fnId, current.type(), source,
        Validation.mergeAnnotations(current.annotations(), Validation.annotations(body, mapper)),
        current.createdAt(), current.updatedAt());
    App app = app(current.appId());
    if (updated.equals(current)) {
      ex.json(200, json.trigger(current, app.name(), baseUrl.of(ex))); // nothing changed: updated_at stays
      return;
    }
    if (!fnId.equals(current.fnId())) {
      fnOf(app, fnId);
    }
    Trigger stored = store.triggers().update(new Trigger(updated.id(), updated.name(), updated.appId(), updated.fnId(),
        updated.type(), updated.source(), updated.annotations(), updated.createdAt(), now()));
    cache.invalidateTriggers();
    ex.json(200, json.trigger(stored, app.name(), baseUrl.of(ex)));
  }

  private void delete(Exchange ex) {
    String id = ex.segment(2);
    if (!Validation.couldBeId(id) || !store.triggers().delete(id)) {
      throw ApiException.notFound("Trigger not found");
    }
    cache.invalidateTriggers();
    ex.noContent();
  }

  /** The type field: null when absent; only "http" exists. */
  private static String type(JsonNode body) {
    String type = Validation.text(body, "type");
    if (type == null || type.isEmpty()) {
      return null;
    }
    if (!type.equals(ApiJson.HTTP)) {
      throw ApiException.badRequest("Invalid type '" + Validation.shorten(type) + "': the only trigger type is "
          + "\"http\"");
    }
    return type;
  }

  private static boolean isSet(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty());
  }

  private Trigger find(String id) {
    if (!Validation.couldBeId(id)) {
      throw ApiException.notFound("Trigger not found");
    }
    return store.triggers().get(id).orElseThrow(() -> ApiException.notFound("Trigger not found"));
  }

  private App app(String appId) {
    if (!Validation.couldBeId(appId)) {
      throw ApiException.notFound("App not found");
    }
    return store.apps().get(appId).orElseThrow(() -> ApiException.notFound("App not found"));
  }

  /** The function, which must exist (404) and belong to the app (400). */
  private Fn fnOf(App app, String fnId) {
    Fn fn = (Validation.couldBeId(fnId) ? store.fns().get(fnId) : java.util.Optional.<Fn>empty())
        .orElseThrow(() -> ApiException.notFound("Fn not found"));
    if (!fn.appId().equals(app.id())) {
      throw ApiException.badRequest("Invalid fn_id: function '" + fn.name() + "' belongs to another app, not to '"
          + app.name() + "'");
    }
    return fn;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
