package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Fn's API v2 over real HTTP (COMPAT-FN.md section 3): every rule of {@link ApiCases}, then the
 * behaviours a table cannot show (object shapes, defaults, merges, pagination, cascades). Runs
 * against each datastore through a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContract {
  static final String ID = "[0-9A-HJKMNP-TV-Z]{26}";
  static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  static final String NO_SUCH_ID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

  TestServer node;
  String alpha;
  String beta;
  String f1;
  String g1;
  String hook;

  /** Settings choosing the datastore. */
  abstract Map<String, String> settings();

  @BeforeAll
  void start() throws Exception {
    node = TestServer.start(settings());
    alpha = node.app("alpha");
    beta = node.app("beta");
    f1 = node.fn(alpha, "f1", "x/y:1", null);
    g1 = node.fn(beta, "g1", "x/y:1", null);
    hook = id(send("POST", "/v2/triggers", ApiCases.trigger("t1", alpha, f1, "http", "/hook"), 200));
    send("POST", "/v2/triggers", ApiCases.trigger("root", alpha, f1, "http", "/"), 200);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRuleOfTheApi() {
    List<ApiCases.Case> all = new ArrayList<>();
    Stream.of(ApiCases.APPS, ApiCases.FNS, ApiCases.TRIGGERS, ApiCases.OTHERS).forEach(all::addAll);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      ApiCases.Case c = all.get(i);
      String n = Integer.toString(i);
      tests.add(DynamicTest.dynamicTest(c.toString(), () -> check(c, n)));
    }
    return tests.stream();
  }

  private void check(ApiCases.Case c, String n) throws Exception {
    HttpResponse<String> r = node.send(c.method(), fill(c.path(), n), c.body() == null ? null : fill(c.body(), n));
    assertThat(r.statusCode()).as(c + ": " + r.body()).isEqualTo(c.status());
    if (c.message() != null) {
      assertThat(r.headers().firstValue("Content-Type")).as(c.toString()).hasValueSatisfying(
          v -> assertThat(v).startsWith("application/json"));
      assertThat(node.json(r).path("message").asText()).as(c.toString()).contains(c.message());
    }
  }

  private String fill(String s, String n) {
    return s.replace("{A}", alpha).replace("{B}", beta).replace("{F}", f1).replace("{G}", g1).replace("{T}", hook)
        .replace("{X}", NO_SUCH_ID).replace("{N}", n);
  }

  @Test
  void objectsHaveFnsFieldsDefaultsAndGeneratedEndpoints() throws Exception {
    JsonNode app = node.json(node.send("POST", "/v2/apps", "{\"name\":\"shapes\",\"config\":{\"A\":\"1\"}}"));
    assertThat(fieldNames(app)).containsExactlyInAnyOrder("id", "name", "config", "annotations", "created_at",
        "updated_at");
    assertThat(app.get("id").asText()).matches(ID);
    assertThat(app.get("created_at").asText()).matches(TIME);
    assertThat(app.get("updated_at").asText()).isEqualTo(app.get("created_at").asText());

    JsonNode fn = node.json(node.send("POST", "/v2/fns",
        "{\"app_id\":\"" + app.get("id").asText() + "\",\"name\":\"f\",\"image\":\" x/y:1 \"}"));
    assertThat(fieldNames(fn)).containsExactlyInAnyOrder("id", "name", "app_id", "image", "memory", "timeout",
        "idle_timeout", "config", "annotations", "created_at", "updated_at");
    assertThat(fn.get("image").asText()).isEqualTo("x/y:1");
    assertThat(fn.get("memory").asInt()).isEqualTo(128);
    assertThat(fn.get("timeout").asInt()).isEqualTo(30);
    assertThat(fn.get("idle_timeout").asInt()).isEqualTo(30);
    String fnId = fn.get("id").asText();
    String invokeEndpoint = node.url("/invoke/" + fnId);
    assertThat(fn.at("/annotations/fnproject.io~1fn~1invokeEndpoint").asText()).isEqualTo(invokeEndpoint);
    assertThat(get("/v2/fns/" + fnId).at("/annotations/fnproject.io~1fn~1invokeEndpoint").asText())
        .isEqualTo(invokeEndpoint);
    assertThat(get("/v2/fns?app_id=" + app.get("id").asText()).at("/items/0/annotations/fnproject.io~1fn~1invokeEndpoint")
        .asText()).isEqualTo(invokeEndpoint);

    JsonNode trigger = node.json(node.send("POST", "/v2/triggers",
        ApiCases.trigger("web", app.get("id").asText(), fnId, "http", "/web/hook")));
    assertThat(fieldNames(trigger)).containsExactlyInAnyOrder("id", "name", "app_id", "fn_id", "type", "source",
        "annotations", "created_at", "updated_at");
    assertThat(trigger.get("type").asText()).isEqualTo("http");
    String httpEndpoint = node.url("/t/shapes/web/hook");
    assertThat(trigger.at("/annotations/fnproject.io~1trigger~1httpEndpoint").asText()).isEqualTo(httpEndpoint);
    assertThat(get("/v2/triggers/" + trigger.get("id").asText())
        .at("/annotations/fnproject.io~1trigger~1httpEndpoint").asText()).isEqualTo(httpEndpoint);
    assertThat(get("/v2/triggers?app_id=" + app.get("id").asText())
        .at("/items/0/annotations/fnproject.io~1trigger~1httpEndpoint").asText()).isEqualTo(httpEndpoint);
  }

  @Test
  void updatesMergeConfigAndAnnotationsAndTouchUpdatedAtOnlyOnChange() throws Exception {
    String id = id(send("POST", "/v2/apps", "{\"name\":\"merge\",\"config\":{\"A\":\"1\",\"B\":\"2\"},"
        + "\"annotations\":{\"x\":1,\"y\":\"s\"}}", 200));
    JsonNode before = get("/v2/apps/" + id);
    Thread.sleep(5);
    JsonNode same = node.json(send("PUT", "/v2/apps/" + id, "{\"name\":\"merge\",\"config\":{\"A\":\"1\"}}", 200));
    assertThat(same.get("updated_at")).isEqualTo(before.get("updated_at"));
    JsonNode after = node.json(send("PUT", "/v2/apps/" + id,
        "{\"config\":{\"A\":\"\",\"C\":\"3\"},\"annotations\":{\"x\":null,\"z\":[1]}}", 200));
    assertThat(after.get("config")).isEqualTo(tree("{\"B\":\"2\",\"C\":\"3\"}"));
    assertThat(after.get("annotations")).isEqualTo(tree("{\"y\":\"s\",\"z\":[1]}"));
    assertThat(after.get("updated_at").asText()).isGreaterThan(before.get("updated_at").asText());
    assertThat(after.get("created_at")).isEqualTo(before.get("created_at"));
    assertThat(get("/v2/apps/" + id)).isEqualTo(after);

    String fn = node.fn(id, "m", "x", "\"config\":{\"K\":\"v\",\"L\":\"w\"},\"annotations\":{\"a\":true}");
    JsonNode f = node.json(send("PUT", "/v2/fns/" + fn,
        "{\"config\":{\"K\":\"\"},\"annotations\":{\"a\":null,\"b\":2},\"timeout\":60}", 200));
    assertThat(f.get("config")).isEqualTo(tree("{\"L\":\"w\"}"));
    assertThat(f.get("annotations").get("b").asInt()).isEqualTo(2);
    assertThat(f.get("annotations").has("a")).isFalse();
    assertThat(f.get("timeout").asInt()).isEqualTo(60);
    assertThat(f.get("memory").asInt()).isEqualTo(128);

    String t = id(send("POST", "/v2/triggers", "{\"name\":\"mt\",\"app_id\":\"" + id + "\",\"fn_id\":\"" + fn
        + "\",\"type\":\"http\",\"source\":\"/m\",\"annotations\":{\"p\":1,\"q\":2}}", 200));
    JsonNode tr = node.json(send("PUT", "/v2/triggers/" + t, "{\"annotations\":{\"p\":null,\"r\":3}}", 200));
    assertThat(tr.get("annotations").has("p")).isFalse();
    assertThat(tr.get("annotations").get("q").asInt()).isEqualTo(2);
    assertThat(tr.get("annotations").get("r").asInt()).isEqualTo(3);

    String many = id(send("POST", "/v2/apps", "{\"name\":\"many\",\"annotations\":" + ApiCases.annotations(100) + "}",
        200));
    send("PUT", "/v2/apps/" + many, "{\"annotations\":{\"one-more\":1}}", 400);
    send("PUT", "/v2/apps/" + many, "{\"annotations\":{\"k0\":null,\"one-more\":1}}", 200);
  }

  @Test
  void listsPageByNameWithACursorOnlyWhenThePageIsFull() throws Exception {
    String app = node.app("pages");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      names.add("p" + (char) ('g' - i));
      node.fn(app, names.getLast(), "x", null);
    }
    names.sort(null);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    List<Integer> sizes = new ArrayList<>();
    do {
      JsonNode page = get("/v2/fns?app_id=" + app + "&per_page=3" + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("items").forEach(f -> seen.add(f.get("name").asText()));
      sizes.add(page.get("items").size());
      cursor = page.has("next_cursor") ? page.get("next_cursor").asText() : null;
    } while (cursor != null);
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(seen).isEqualTo(names);

    JsonNode full = get("/v2/fns?app_id=" + app + "&per_page=7");
    assertThat(full.get("items")).hasSize(7);
    JsonNode after = get("/v2/fns?app_id=" + app + "&per_page=7&cursor=" + full.get("next_cursor").asText());
    assertThat(after.get("items")).isEmpty();
    assertThat(after.has("next_cursor")).isFalse();

    JsonNode one = get("/v2/fns?app_id=" + app + "&name=pc");
    assertThat(one.get("items")).hasSize(1);
    assertThat(one.has("next_cursor")).isFalse();
    assertThat(get("/v2/fns?app_id=" + app + "&name=nope").get("items")).isEmpty();
    assertThat(get("/v2/fns?app_id=" + app + "&name=a%20b").get("items")).isEmpty();

    String big = node.app("bigpages");
    for (int i = 0; i < 101; i++) {
      node.fn(big, String.format("b%03d", i), "x", null);
    }
    assertThat(get("/v2/fns?app_id=" + big).get("items")).hasSize(30);
    assertThat(get("/v2/fns?app_id=" + big + "&per_page=0").get("items")).hasSize(30);
    assertThat(get("/v2/fns?app_id=" + big + "&per_page=1000").get("items")).hasSize(100);
    assertThat(get("/v2/apps?name=bigpages").get("items")).hasSize(1);
  }

  @Test
  void triggerListsFilterByFunctionAndTriggersMoveOnUpdate() throws Exception {
    String app = node.app("moves");
    String a = node.fn(app, "a", "x", null);
    String b = node.fn(app, "b", "x", null);
    String t = id(send("POST", "/v2/triggers", ApiCases.trigger("ta", app, a, "http", "/a"), 200));
    send("POST", "/v2/triggers", ApiCases.trigger("tb", app, b, "http", "/b"), 200);
    send("POST", "/v2/triggers", ApiCases.trigger("ta", app, b, "http", "/b2"), 200); // names repeat per fn
    assertThat(get("/v2/triggers?app_id=" + app).get("items")).hasSize(3);
    assertThat(get("/v2/triggers?app_id=" + app + "&fn_id=" + a).get("items")).hasSize(1);
    assertThat(get("/v2/triggers?app_id=" + app + "&name=ta").get("items")).hasSize(2);
    JsonNode paged = get("/v2/triggers?app_id=" + app + "&per_page=2");
    assertThat(paged.get("items")).hasSize(2);
    assertThat(get("/v2/triggers?app_id=" + app + "&per_page=2&cursor=" + paged.get("next_cursor").asText())
        .get("items")).hasSize(1);

    JsonNode moved = node.json(send("PUT", "/v2/triggers/" + t,
        "{\"name\":\"renamed\",\"fn_id\":\"" + b + "\",\"source\":\"/elsewhere\"}", 200));
    assertThat(moved.get("name").asText()).isEqualTo("renamed");
    assertThat(moved.get("fn_id").asText()).isEqualTo(b);
    assertThat(moved.get("source").asText()).isEqualTo("/elsewhere");
    assertThat(moved.at("/annotations/fnproject.io~1trigger~1httpEndpoint").asText())
        .isEqualTo(node.url("/t/moves/elsewhere"));
  }

  @Test
  void deletesCascadeFromAppsToFunctionsToTriggers() throws Exception {
    String app = node.app("cascade");
    String fa = node.fn(app, "fa", "x", null);
    String fb = node.fn(app, "fb", "x", null);
    String ta = id(send("POST", "/v2/triggers", ApiCases.trigger("ta", app, fa, "http", "/a"), 200));
    String tb = id(send("POST", "/v2/triggers", ApiCases.trigger("tb", app, fb, "http", "/b"), 200));

    send("DELETE", "/v2/fns/" + fa, null, 204);
    send("GET", "/v2/fns/" + fa, null, 404);
    send("GET", "/v2/triggers/" + ta, null, 404);
    send("GET", "/v2/triggers/" + tb, null, 200);
    send("DELETE", "/v2/fns/" + fa, null, 404);

    send("DELETE", "/v2/apps/" + app, null, 204);
    send("GET", "/v2/apps/" + app, null, 404);
    send("GET", "/v2/fns/" + fb, null, 404);
    send("GET", "/v2/triggers/" + tb, null, 404);
    send("DELETE", "/v2/triggers/" + tb, null, 404);
    send("GET", "/v2/fns?app_id=" + app, null, 404);
  }

  @Test
  void annotationSetToAnEmptyStringIsDeletedAsFnsCliDeletesIt() throws Exception {
    // fn update --annotation key="" sends the JSON value "": COMPAT-FN.md section 3
    String app = id(send("POST", "/v2/apps", "{\"name\":\"annempty\",\"annotations\":{\"x\":1,\"y\":2,"
        + "\"gone\":\"\"}}", 200));
    assertThat(fieldNames(get("/v2/apps/" + app).get("annotations"))).containsExactlyInAnyOrder("x", "y");
    JsonNode a = node.json(send("PUT", "/v2/apps/" + app, "{\"annotations\":{\"x\":\"\"}}", 200));
    assertThat(a.get("annotations")).isEqualTo(tree("{\"y\":2}"));
    String fn = node.fn(app, "e", "x", "\"annotations\":{\"a\":true,\"b\":1}");
    JsonNode f = node.json(send("PUT", "/v2/fns/" + fn, "{\"annotations\":{\"a\":\"\",\"b\":null}}", 200));
    assertThat(fieldNames(f.get("annotations"))).containsExactly("fnproject.io/fn/invokeEndpoint");
    String t = id(send("POST", "/v2/triggers", "{\"name\":\"et\",\"app_id\":\"" + app + "\",\"fn_id\":\"" + fn
        + "\",\"type\":\"http\",\"source\":\"/e\",\"annotations\":{\"p\":1,\"q\":2}}", 200));
    JsonNode tr = node.json(send("PUT", "/v2/triggers/" + t, "{\"annotations\":{\"p\":\"\"}}", 200));
    assertThat(tr.get("annotations").has("p")).isFalse();
    assertThat(tr.get("annotations").get("q").asInt()).isEqualTo(2);
  }

  @Test
  void errorBodiesAreFnsBytesWithTheTrailingNewline() throws Exception {
    assertThat(send("GET", "/v2/apps/" + NO_SUCH_ID, null, 404).body()).isEqualTo("{\"message\":\"App not found\"}\n");
    assertThat(send("POST", "/v2/apps", "{", 400).body()).isEqualTo("{\"message\":\"Invalid JSON\"}\n");
    HttpResponse<String> unknown = send("GET", "/v2/nothing-here", null, 404);
    assertThat(unknown.body()).startsWith("{\"message\":").endsWith("}\n");
    assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    // success bodies are as Fn's, without the newline
    assertThat(send("GET", "/v2/apps/" + alpha, null, 200).body()).endsWith("}");
    assertThat(send("GET", "/version", null, 200).headers().allValues("Server")).isEmpty();
  }

  HttpResponse<String> send(String method, String path, String body, int status) throws Exception {
    HttpResponse<String> r = node.send(method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return r;
  }

  JsonNode get(String path) throws Exception {
    return node.json(send("GET", path, null, 200));
  }

  static JsonNode tree(String json) throws Exception {
    return TestServer.JSON.readTree(json);
  }

  String id(HttpResponse<String> r) throws Exception {
    return node.json(r).get("id").asText();
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
