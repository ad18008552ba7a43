package io.hearth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.core.id.Ids;
import io.hearth.core.model.App;
import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.store.Datastore;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/** {@code /v2/apps}: create, read, list, update and delete apps. */
public final class AppsApi {
  private final Datastore store;
  private final Ids ids;
  private final InstantSource clock;
  private final ObjectMapper mapper;
  private final ApiJson json;
  private final FnCache cache;

  public AppsApi(Datastore store, Ids ids, InstantSource clock, ObjectMapper mapper, FnCache cache) {
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
    if (body.hasNonNull("id")) {
      throw ApiException.badRequest("An app's id is chosen by the server; leave out 'id'");
    }
    Instant now = now();
    App app = new App(ids.next(), Validation.appName(body),
        Validation.withoutDeletions(Validation.config(body), true),
        Validation.withoutDeletions(Validation.annotations(body, mapper), false),
        Validation.text(body, "syslog_url"), Validation.shape(body), now, now);
    ex.json(200, json.app(store.insertApp(app)));
  }

  private void get(Exchange ex) {
    ex.json(200, json.app(find(ex.segment(2))));
  }

  private void list(Exchange ex) {
    Page<App> page = store.listApps(Paging.query(ex));
    ArrayNode items = mapper.createArrayNode();
    page.items().forEach(a -> items.add(json.app(a)));
    ex.json(200, Paging.page(mapper, items, page));
  }

  private void update(Exchange ex) {
    App current = find(ex.segment(2));
    JsonNode body = ex.readJson();
    if (body.hasNonNull("id") && !body.get("id").asText().equals(current.id())) {
      throw ApiException.badRequest("An app's id cannot be changed");
    }
    String name = Validation.text(body, "name");
    if (name != null && !name.equals(current.name())) {
      throw new ApiException(409, "An app's name cannot be changed");
    }
    String syslog = body.has("syslog_url") ? Validation.text(body, "syslog_url") : current.syslogUrl();
    String shape = body.has("shape") ? Validation.shape(body) : current.shape();
    App updated = new App(current.id(), current.name(),
        Validation.merge(current.config(), Validation.config(body), true),
        Validation.merge(current.annotations(), Validation.annotations(body, mapper), false),
        syslog, shape, current.createdAt(), now());
    App stored = store.updateApp(updated);
    cache.invalidateApp(stored.id());
    ex.json(200, json.app(stored));
  }

  private void delete(Exchange ex) {
    String id = ex.segment(2);
    if (!store.deleteApp(id)) {
      throw ApiException.notFound("App not found");
    }
    cache.invalidateApp(id);
    ex.noContent();
  }

  private App find(String id) {
    return store.getApp(id).orElseThrow(() -> ApiException.notFound("App not found"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Pagination parameters and the page envelope shared by every list. */
  static final class Paging {
    private Paging() {}

    static ListQuery query(Exchange ex) {
      int perPage = ListQuery.DEFAULT_PER_PAGE;
      String raw = ex.query("per_page");
      if (raw != null && !raw.isEmpty()) {
        try {
          perPage = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("Invalid per_page '" + raw + "': must be a whole number");
        }
      }
      try {
        return new ListQuery(ex.query("name"), ex.query("cursor"), perPage);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("Invalid cursor: pass the next_cursor of the previous page");
      }
    }

    static ObjectNode page(ObjectMapper mapper, ArrayNode items, Page<?> page) {
      ObjectNode out = mapper.createObjectNode();
      out.set("items", items);
      if (page.nextCursor() != null) {
        out.put("next_cursor", page.nextCursor());
      }
      return out;
    }
  }
}
