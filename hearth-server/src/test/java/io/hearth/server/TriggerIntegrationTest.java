package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.ContainerView;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP triggers end to end: {@code /t/{app}/{source}} to a real container, with Fn's header mapping. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TriggerIntegrationTest {
  static TestServer node;
  static String appId;
  static String fnId;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    node = TestServer.start(Map.of());
    appId = node.app("web");
    fnId = node.fn(appId, "testfn", image, null);
    trigger("hook", "/hook");
    trigger("root", "/");
    trigger("deep", "/deep/path");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static String trigger(String name, String source) throws Exception {
    HttpResponse<String> r = node.send("POST", "/v2/triggers", ApiCases.trigger(name, appId, fnId, "http", source));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return node.json(r).get("id").asText();
  }

  static HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url(path)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return node.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theFunctionSeesTheClientsRequestThroughTheMapping() throws Exception {
    HttpResponse<String> r = call("POST", "/t/web/hook?x=1&y=%20z", "headers",
        "X-Custom", "a", "Content-Type", "text/x-test", "Accept", "text/plain");
    assertThat(r.statusCode()).isEqualTo(200);
    String seen = r.body();
    assertThat(seen).containsIgnoringCase("Fn-Http-H-X-Custom: a\n");
    assertThat(seen).containsIgnoringCase("Fn-Http-H-Accept: text/plain\n");
    assertThat(seen).containsIgnoringCase("\nContent-Type: text/x-test\n");
    assertThat(seen).doesNotContainIgnoringCase("Fn-Http-H-Content-Type");
    assertThat(seen).containsIgnoringCase("Fn-Http-Method: POST\n");
    assertThat(seen).containsIgnoringCase("Fn-Http-Request-Url: " + node.url("/t/web/hook?x=1&y=%20z") + "\n");
    assertThat(seen).containsIgnoringCase("Fn-Intent: httprequest\n");
    String callId = r.headers().firstValue("Fn-Call-Id").orElseThrow();
    assertThat(seen).containsIgnoringCase("Fn-Call-Id: " + callId + "\n");
    assertThat(r.headers().allValues("Fn-Call-Id")).hasSize(1);
  }

  @Test
  void theFunctionChoosesStatusAndHeadersAndOnlyMappedOnesReachTheClient() throws Exception {
    HttpResponse<String> r = call("POST", "/t/web/hook", "status 201 Fn-Http-H-X-Answer:42 X-Hidden:1");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("status 201");
    assertThat(r.headers().firstValue("X-Answer")).contains("42");
    assertThat(r.headers().firstValue("X-Hidden")).isEmpty();
    assertThat(r.headers().firstValue("Fn-Http-Status")).isEmpty();
    assertThat(r.headers().firstValue("Fn-Http-H-X-Answer")).isEmpty();
    assertThat(r.headers().firstValue("Fn-Fdk-Version")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.headers().firstValue("Fn-Call-Id")).isPresent();

    HttpResponse<String> notFound = call("GET", "/t/web/hook", "status 404");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.body()).isEqualTo("status 404");

    HttpResponse<String> noContent = call("DELETE", "/t/web/hook", "status 204 Fn-Http-H-X-Gone:yes");
    assertThat(noContent.statusCode()).isEqualTo(204);
    assertThat(noContent.body()).isEmpty();
    assertThat(noContent.headers().firstValue("X-Gone")).contains("yes");

    HttpResponse<String> head = call("HEAD", "/t/web/hook", null);
    assertThat(head.statusCode()).isEqualTo(400); // testfn's answer to an empty body
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aPlatformErrorWinsOverTheMapping() throws Exception {
    HttpResponse<String> r = call("POST", "/t/web/hook", "crash");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(node.json(r).get("message").asText()).isEqualTo("function failed");
    assertThat(r.headers().firstValue("Fn-Call-Id")).isPresent();
  }

  @Test
  void everyMethodAndEverySourceDepthRoutes() throws Exception {
    for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
      HttpResponse<String> r = call(method, "/t/web/deep/path", "echo\n" + method);
      assertThat(r.statusCode()).as(method).isEqualTo(200);
      assertThat(r.body()).as(method).isEqualTo(method);
    }
    HttpResponse<String> root = call("POST", "/t/web", "echo\nroot");
    assertThat(root.body()).isEqualTo("root");
    assertThat(call("POST", "/t/web/", "echo\nroot slash").body()).isEqualTo("root slash");
    HttpResponse<String> get = call("GET", "/t/web/deep/path?q=1", null);
    assertThat(get.statusCode()).isEqualTo(400); // testfn's own answer to an empty body, passed through
    assertThat(get.body()).startsWith("empty body: no command");
  }

  @Test
  void unknownAppsAndSourcesAreJson404s() throws Exception {
    HttpResponse<String> app = call("GET", "/t/nope/hook", null);
    assertThat(app.statusCode()).isEqualTo(404);
    assertThat(node.json(app).get("message").asText()).isEqualTo("App not found");
    HttpResponse<String> source = call("POST", "/t/web/hook/more", "echo\nx");
    assertThat(source.statusCode()).isEqualTo(404);
    assertThat(node.json(source).get("message").asText()).isEqualTo("Trigger not found");
    assertThat(call("GET", "/t/web/deep", null).statusCode()).isEqualTo(404);
  }

  @Test
  void warmCallsThroughATriggerReuseTheContainer() throws Exception {
    String first = call("POST", "/t/web/hook", "env HOSTNAME").body();
    String second = call("POST", "/t/web/hook", "env HOSTNAME").body();
    assertThat(second).isNotBlank().isEqualTo(first);
    assertThat(node.server.agent().containers().stream().filter(c -> c.fnId().equals(fnId))
        .map(ContainerView::id)).anySatisfy(id -> assertThat(id).startsWith(first.strip()));
  }

  @Test
  void changesToTriggersTakeEffectAtOnce() throws Exception {
    String id = trigger("moving", "/before");
    assertThat(call("POST", "/t/web/before", "echo\nb").body()).isEqualTo("b");
    HttpResponse<String> moved = node.send("PUT", "/v2/triggers/" + id, "{\"source\":\"/after\"}");
    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(call("POST", "/t/web/before", "echo\nb").statusCode()).isEqualTo(404);
    assertThat(call("POST", "/t/web/after", "echo\na").body()).isEqualTo("a");
    assertThat(node.send("DELETE", "/v2/triggers/" + id, null).statusCode()).isEqualTo(204);
    assertThat(call("POST", "/t/web/after", "echo\na").statusCode()).isEqualTo(404);
  }

  @Test
  void invokePassesTheFunctionsHeadersThroughUnchanged() throws Exception {
    HttpResponse<String> r = call("POST", "/invoke/" + fnId, "status 201 Fn-Http-H-X-Answer:42");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Fn-Http-Status")).contains("201");
    assertThat(r.headers().firstValue("Fn-Http-H-X-Answer")).contains("42");
    assertThat(r.headers().allValues("Fn-Call-Id")).hasSize(1);
  }
}
