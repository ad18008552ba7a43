package io.hearth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hearth.core.id.Ids;
import io.hearth.core.model.Fn;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.store.Datastore;
import io.hearth.store.Page;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/** {@code /v2/fns}: create, read, list, update and delete functions. */
public final class FnsApi {
  static final int MAX_MEMORY_MB = 8192;
  static final int MAX_TIMEOUT_SECS = 300;
  static final int MAX_IDLE_TIMEOUT_SECS = 3600;

  private final Datastore store;
  private final Ids ids;
  private final InstantSource clock;
  private final ObjectMapper mapper;
  private final ApiJson json;
  private final BaseUrl baseUrl;
  private final FnCache cache;
  private final Consumer<String> onChanged;

  /** @param onChanged told the id of a function that was updated or deleted (its containers retire) */
  public FnsApi(Datastore store, Ids ids, InstantSource clock, ObjectMapper mapper, BaseUrl baseUrl, FnCache cache,
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
    if (body.hasNonNull("id")) {
      throw ApiException.badRequest("A function's id is chosen by the server; leave out 'id'");
    }
    String appId = Validation.text(body, "app_id");
    if (appId == null || appId.isEmpty()) {
      throw ApiException.badRequest("Missing app_id");
    }
    String name = Validation.fnName(body);
    String image = Validation.text(body, "image");
    if (image == null || image.isBlank()) {
      throw ApiException.badRequest("Missing image");
    }
    Instant now = now();
    Fn fn = new Fn(ids.next(), name, appId, image.strip(),
        Validation.integer(body, "memory", 1, MAX_MEMORY_MB, Fn.DEFAULT_MEMORY_MB),
        Validation.integer(body, "timeout", 1, MAX_TIMEOUT_SECS, Fn.DEFAULT_TIMEOUT_SECS),
        Validation.integer(body, "idle_timeout", 1, MAX_IDLE_TIMEOUT_SECS, Fn.DEFAULT_IDLE_TIMEOUT_SECS),
        Validation.withoutDeletions(Validation.config(body), true),
        Validation.withoutDeletions(Validation.annotations(body, mapper), false),
        Validation.shape(body), now, now);
    if (store.getApp(appId).isEmpty()) {
      throw ApiException.notFound("App not found");
    }
    ex.json(200, json.fn(store.insertFn(fn), baseUrl.of(ex)));
  }

  private void get(Exchange ex) {
    ex.json(200, json.fn(find(ex.segment(2)), baseUrl.of(ex)));
  }

  private void list(Exchange ex) {
    String appId = ex.query("app_id");
    if (appId == null || appId.isEmpty()) {
      throw ApiException.badRequest("Missing app_id: list the functions of one app, e.g. /v2/fns?app_id=...");
    }
    Page<Fn> page = store.listFns(appId, AppsApi.Paging.query(ex));
    ArrayNode items = mapper.createArrayNode();
    String base = baseUrl.of(ex);
    page.items().forEach(f -> items.add(json.fn(f, base)));
    ex.json(200, AppsApi.Paging.page(mapper, items, page));
  }

  private void update(Exchange ex) {
    Fn current = find(ex.segment(2));
    JsonNode body = ex.readJson();
    if (body.hasNonNull("id") && !body.get("id").asText().equals(current.id())) {
      throw ApiException.badRequest("A function's id cannot be changed");
    }
    if (body.hasNonNull("app_id") && !body.get("app_id").asText().equals(current.appId())) {
      throw ApiException.badRequest("A function's app_id cannot be changed");
    }
    String name = Validation.text(body, "name");
    if (name != null && !name.equals(current.name())) {
      throw new ApiException(409, "A function's name cannot be changed");
    }
    String image = body.has("image") ? Validation.text(body, "image") : current.image();
    if (image == null || image.isBlank()) {
      throw ApiException.badRequest("Invalid image: must not be empty");
    }
    Fn updated = new Fn(current.id(), current.name(), current.appId(), image.strip(),
        Validation.integer(body, "memory", 1, MAX_MEMORY_MB, current.memoryMb()),
        Validation.integer(body, "timeout", 1, MAX_TIMEOUT_SECS, current.timeoutSecs()),
        Validation.integer(body, "idle_timeout", 1, MAX_IDLE_TIMEOUT_SECS, current.idleTimeoutSecs()),
        Validation.merge(current.config(), Validation.config(body), true),
        Validation.merge(current.annotations(), Validation.annotations(body, mapper), false),
        body.has("shape") ? Validation.shape(body) : current.shape(), current.createdAt(), now());
    Fn stored = store.updateFn(updated);
    cache.invalidateFn(stored.id());
    onChanged.accept(stored.id());
    ex.json(200, json.fn(stored, baseUrl.of(ex)));
  }

  private void delete(Exchange ex) {
    String id = ex.segment(2);
    if (!store.deleteFn(id)) {
      throw ApiException.notFound("Fn not found");
    }
    cache.invalidateFn(id);
    onChanged.accept(id);
    ex.noContent();
  }

  private Fn find(String id) {
    return store.getFn(id).orElseThrow(() -> ApiException.notFound("Fn not found"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
