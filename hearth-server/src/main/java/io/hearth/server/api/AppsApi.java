package io.hearth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hearth.core.id.Ids;
import io.hearth.core.model.App;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.store.functions.AppStore;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * {@code /v2/apps}: create, read, list, update and delete apps. Deleting an app deletes its
 * functions and triggers (the datastore cascades). A name is immutable (409 on change).
 */
public final class AppsApi {
  private final AppStore store;
  private final Ids ids;
  private final InstantSource clock;
  private final ObjectMapper mapper;
  private final ApiJson json;
  private final FnCache cache;

  public AppsApi(AppStore store, Ids ids, InstantSource clock, ObjectMapper mapper, FnCache cache) {
    this.store = store;
    this.ids = ids;
    this.clock = clock;
    this.mapper = mapper;
    this.json = new ApiJson(mapper);
    this.cache = cache;
  }

  public void register(Router router) {
    router.on("GET", "/v2/apps", this::list)
        .on("POST", "/v2/apps", this::create)
        .on("GET", "/v2/apps/{id}", this::get)
        .on("PUT", "/v2/apps/{id}", this::update)
        .on("DELETE", "/v2/apps/{id}", this::delete);
  }

  private void create(Exchange ex) {
    JsonNode body = ex.readJson();
    if (hasId(body)) {
      throw ApiException.badRequest("An app's id is chosen by the server; leave out 'id'");
    }
    String name = Validation.appName(body);
    Instant now = now();
    App app = new App(ids.next(), name,
        Validation.withoutDeletions(Validation.config(body), true),
        Validation.withoutDeletions(Validation.annotations(body, mapper), false),
        Validation.syslogUrl(body), Validation.shape(body), now, now);
    ex.json(200, json.app(store.insert(app)));
  }

  private void get(Exchange ex) {
    ex.json(200, json.app(find(ex.segment(2))));
  }

  private void list(Exchange ex) {
    ListQuery query = Paging.query(ex);
    if (Paging.matchesNothing(query)) {
      ex.json(200, Paging.empty(mapper));
      return;
    }
    Page<App> page = store.list(query);
    ArrayNode items = mapper.createArrayNode();
    page.items().forEach(a -> items.add(json.app(a)));
    ex.json(200, Paging.page(mapper, items, page));
  }

  private void update(Exchange ex) {
    App current = find(ex.segment(2));
    JsonNode body = ex.readJson();
    String id = Validation.text(body, "id");
    if (id != null && !id.isEmpty() && !id.equals(current.id())) {
      throw ApiException.badRequest("The id in the body does not match the app's id in the path; an id cannot be "
          + "changed");
    }
    String name = Validation.text(body, "name");
    if (name != null && !name.isEmpty() && !name.equals(current.name())) {
      throw new ApiException(409, "An app's name cannot be changed (it is '" + current.name() + "')");
    }
    String syslog = body.has("syslog_url") ? Validation.syslogUrl(body) : current.syslogUrl();
    String shape = body.has("shape") && !body.get("shape").isNull() ? Validation.shape(body) : current.shape();
    App updated = new App(current.id(), current.name(),
        Validation.merge(current.config(), Validation.config(body), true),
        Validation.mergeAnnotations(current.annotations(), Validation.annotations(body, mapper)),
        syslog, shape, current.createdAt(), current.updatedAt());
    if (updated.equals(current)) {
      ex.json(200, json.app(current)); // nothing changed: updated_at stays, as in Fn
      return;
    }
    App stored = store.update(new App(updated.id(), updated.name(), updated.config(), updated.annotations(),
        updated.syslogUrl(), updated.shape(), updated.createdAt(), now()));
    cache.invalidateApp(stored.id());
    ex.json(200, json.app(stored));
  }

  private void delete(Exchange ex) {
    String id = ex.segment(2);
    if (!Validation.couldBeId(id) || !store.delete(id)) {
      throw ApiException.notFound("App not found");
    }
    cache.invalidateApp(id);
    ex.noContent();
  }

  private App find(String id) {
    if (!Validation.couldBeId(id)) {
      throw ApiException.notFound("App not found");
    }
    return store.get(id).orElseThrow(() -> ApiException.notFound("App not found"));
  }

  /** Whether a create names an id, which only the server chooses. */
  static boolean hasId(JsonNode body) {
    JsonNode id = body.get("id");
    return id != null && !id.isNull() && !(id.isTextual() && id.asText().isEmpty());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
