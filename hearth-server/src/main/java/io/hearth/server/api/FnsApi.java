package io.hearth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hearth.core.id.Ids;
import io.hearth.core.model.Fn;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.store.functions.FunctionStore;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * {@code /v2/fns}: create, read, list, update and delete functions. Deleting a function deletes its
 * triggers (the datastore cascades). Name, app and id are fixed at creation.
 */
public final class FnsApi {
  static final int MAX_MEMORY_MB = 8192;
  static final int MAX_TIMEOUT_SECS = 300;
  static final int MAX_IDLE_TIMEOUT_SECS = 3600;

  private final FunctionStore store;
  private final Ids ids;
  private final InstantSource clock;
  private final ObjectMapper mapper;
  private final ApiJson json;
  private final BaseUrl baseUrl;
  private final FnCache cache;
  private final Consumer<String> onChanged;

  /**
   * @param onChanged told the id of a function that was created, updated or deleted (its containers
   *                  retire; its min_warm ones start)
   */
  public FnsApi(FunctionStore store, Ids ids, InstantSource clock, ObjectMapper mapper, BaseUrl baseUrl, FnCache cache,
      Consumer<String> onChanged) {
    this.store = store;
    this.ids = ids;
    this.clock = clock;
    this.mapper = mapper;
    this.json = new ApiJson(mapper);
    this.baseUrl = baseUrl;
    this.cache = cache;
    this.onChanged = onChanged;
  }

  public void register(Router router) {
    router.on("GET", "/v2/fns", this::list)
        .on("POST", "/v2/fns", this::create)
        .on("GET", "/v2/fns/{id}", this::get)
        .on("PUT", "/v2/fns/{id}", this::update)
        .on("DELETE", "/v2/fns/{id}", this::delete);
  }

  private void create(Exchange ex) {
    JsonNode body = ex.readJson();
    if (AppsApi.hasId(body)) {
      throw ApiException.badRequest("A function's id is chosen by the server; leave out 'id'");
    }
    String name = Validation.fnName(body);
    String appId = Validation.requiredId(body, "app_id");
    String image = Validation.image(Validation.text(body, "image"));
    Instant now = now();
    Fn fn = new Fn(ids.next(), name, appId, image,
        Validation.integer(body, "memory", 1, MAX_MEMORY_MB, Fn.DEFAULT_MEMORY_MB),
        Validation.integer(body, "timeout", 1, MAX_TIMEOUT_SECS, Fn.DEFAULT_TIMEOUT_SECS),
        Validation.integer(body, "idle_timeout", 1, MAX_IDLE_TIMEOUT_SECS, Fn.DEFAULT_IDLE_TIMEOUT_SECS),
        Validation.withoutDeletions(Validation.config(body), true),
        Validation.withoutDeletions(Validation.annotations(body, mapper), false),
        Validation.shape(body), now, now);
    Validation.minWarm(fn.annotations());
    Validation.initTimeout(fn.annotations());
    if (!Validation.couldBeId(appId) || store.apps().get(appId).isEmpty()) {
      throw ApiException.notFound("App not found");
    }
    Fn stored = store.fns().insert(fn);
    onChanged.accept(stored.id());
    ex.json(200, json.fn(stored, baseUrl.of(ex)));
  }

  private void get(Exchange ex) {
    ex.json(200, json.fn(find(ex.segment(2)), baseUrl.of(ex)));
  }

  private void list(Exchange ex) {
    String appId = ex.query("app_id");
    if (appId == null || appId.isEmpty()) {
      throw ApiException.badRequest("Missing app_id: list the functions of one app, e.g. /v2/fns?app_id=...");
    }
    ListQuery query = Paging.query(ex);
    if (!Validation.couldBeId(appId) || store.apps().get(appId).isEmpty()) {
      throw ApiException.notFound("App not found");
    }
    if (Paging.matchesNothing(query)) {
      ex.json(200, Paging.empty(mapper));
      return;
    }
    Page<Fn> page = store.fns().list(appId, query);
    ArrayNode items = mapper.createArrayNode();
    String base = baseUrl.of(ex);
    page.items().forEach(f -> items.add(json.fn(f, base)));
    ex.json(200, Paging.page(mapper, items, page));
  }

  private void update(Exchange ex) {
    Fn current = find(ex.segment(2));
    JsonNode body = ex.readJson();
    String id = Validation.text(body, "id");
    if (id != null && !id.isEmpty() && !id.equals(current.id())) {
      throw ApiException.badRequest("The id in the body does not match the function's id in the path; an id "
          + "cannot be changed");
    }
    String appId = Validation.text(body, "app_id");
    if (appId != null && !appId.isEmpty() && !appId.equals(current.appId())) {
      throw ApiException.badRequest("A function's app_id cannot be changed");
    }
    String name = Validation.text(body, "name");
    if (name != null && !name.isEmpty() && !name.equals(current.name())) {
      throw new ApiException(409, "A function's name cannot be changed (it is '" + current.name() + "')");
    }
    String image = Validation.text(body, "image");
    image = image == null || image.isEmpty() ? current.image() : Validation.image(image);
    Fn updated = new Fn(current.id(), current.name(), current.appId(), image,
        Validation.integer(body, "memory", 1, MAX_MEMORY_MB, current.memoryMb()),
        Validation.integer(body, "timeout", 1, MAX_TIMEOUT_SECS, current.timeoutSecs()),
        Validation.integer(body, "idle_timeout", 1, MAX_IDLE_TIMEOUT_SECS, current.idleTimeoutSecs()),
        Validation.merge(current.config(), Validation.config(body), true),
        Validation.mergeAnnotations(current.annotations(), Validation.annotations(body, mapper)),
        body.has("shape") && !body.get("shape").isNull() ? Validation.shape(body) : current.shape(),
        current.createdAt(), current.updatedAt());
    Validation.minWarm(updated.annotations());
    Validation.initTimeout(updated.annotations());
    if (updated.equals(current)) {
      ex.json(200, json.fn(current, baseUrl.of(ex))); // nothing changed: updated_at stays, as in Fn
      return;
    }
    Fn stored = store.fns().update(new Fn(updated.id(), updated.name(), updated.appId(), updated.image(),
        updated.memoryMb(), updated.timeoutSecs(), updated.idleTimeoutSecs(), updated.config(), updated.annotations(),
        updated.shape(), updated.createdAt(), now()));
    cache.invalidateFn(stored.id());
    onChanged.accept(stored.id());
    ex.json(200, json.fn(stored, baseUrl.of(ex)));
  }

  private void delete(Exchange ex) {
    String id = ex.segment(2);
    if (!Validation.couldBeId(id) || !store.fns().delete(id)) {
      throw ApiException.notFound("Fn not found");
    }
    cache.invalidateFn(id);
    onChanged.accept(id);
    ex.noContent();
  }

  private Fn find(String id) {
    if (!Validation.couldBeId(id)) {
      throw ApiException.notFound("Fn not found");
    }
    return store.fns().get(id).orElseThrow(() -> ApiException.notFound("Fn not found"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
