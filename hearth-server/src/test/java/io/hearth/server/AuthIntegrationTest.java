package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HEARTH_API_TOKEN over real HTTP: the management API needs it, invoke endpoints only when told so. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthIntegrationTest {
  static final String TOKEN = "s3cret-token";
  static final String BEARER = "Bearer " + TOKEN;
  static String image;
  static TestServer open;
  static TestServer guarded;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver();
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    open = TestServer.start(Map.of("HEARTH_API_TOKEN", TOKEN));
    guarded = TestServer.start(Map.of("HEARTH_API_TOKEN", TOKEN, "HEARTH_INVOKE_AUTH", "true"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (TestServer s : new TestServer[] {open, guarded}) {
      if (s != null) {
        s.close();
      }
    }
  }

  static HttpResponse<String> send(TestServer node, String method, String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url(path)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return node.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Creates app, fn and a trigger on /who with the token; returns the fn id. */
  static String deploy(TestServer node, String app) throws Exception {
    HttpResponse<String> a = send(node, "POST", "/v2/apps", "{\"name\":\"" + app + "\"}", BEARER);
    String appId = node.json(a).get("id").asText();
    HttpResponse<String> f = send(node, "POST", "/v2/fns",
        "{\"app_id\":\"" + appId + "\",\"name\":\"who\",\"image\":\"" + image + "\"}", BEARER);
    String fnId = node.json(f).get("id").asText();
    HttpResponse<String> t = send(node, "POST", "/v2/triggers",
        ApiCases.trigger("who", appId, fnId, "http", "/who"), BEARER);
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    return fnId;
  }

  @Test
  void theManagementApiNeedsTheBearerToken() throws Exception {
    HttpResponse<String> missing = send(open, "GET", "/v2/apps", null, null);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(open.json(missing).get("message").asText()).contains("Authorization: Bearer");

    HttpResponse<String> wrong = send(open, "POST", "/v2/apps", "{\"name\":\"x\"}", "Bearer nope");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(open.json(wrong).get("message").asText()).startsWith("Invalid token");

    assertThat(send(open, "GET", "/v2/apps", null, "Basic " + TOKEN).statusCode()).isEqualTo(401);
    assertThat(send(open, "GET", "/v2/apps", null, BEARER).statusCode()).isEqualTo(200);
    // however the path is spelled, and even where no route exists
    HttpResponse<String> doubled = send(open, "GET", "//v2//apps", null, null);
    assertThat(doubled.statusCode()).isIn(400, 401); // Jetty refuses ambiguous empty segments itself
    assertThat(open.json(doubled).get("message").asText()).isNotBlank();
    assertThat(send(open, "GET", "/%76%32/apps", null, null).statusCode()).isEqualTo(401);
    assertThat(send(open, "GET", "/v2/nothing", null, null).statusCode()).isEqualTo(401);
    assertThat(send(open, "GET", "/v2/nothing", null, BEARER).statusCode()).isEqualTo(404);
  }

  /** Issue 14 item 9: /metrics lists every function id, so with a token set it needs the token. */
  @Test
  void metricsNeedTheTokenWhenOneIsSet() throws Exception {
    HttpResponse<String> missing = send(open, "GET", "/metrics", null, null);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).doesNotContain("hearth_");
    assertThat(send(open, "GET", "/metrics", null, "Bearer nope").statusCode()).isEqualTo(403);
    HttpResponse<String> scraped = send(open, "GET", "/metrics", null, BEARER);
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("hearth_");
  }

  @Test
  void rootAndVersionStayOpen() throws Exception {
    assertThat(send(guarded, "GET", "/", null, null).statusCode()).isEqualTo(200);
    assertThat(send(guarded, "GET", "/version", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void invokeEndpointsStayOpenByDefaultAndFunctionsSeeTheirCallersHeaders() throws Exception {
    String fn = deploy(open, "openapp");
    HttpResponse<String> invoke = send(open, "POST", "/invoke/" + fn, "headers", null);
    assertThat(invoke.statusCode()).isEqualTo(200);
    HttpResponse<String> trigger = send(open, "POST", "/t/openapp/who", "headers", "Bearer for-the-function");
    assertThat(trigger.statusCode()).isEqualTo(200);
    assertThat(trigger.body()).containsIgnoringCase("Fn-Http-H-Authorization: Bearer for-the-function");
  }

  @Test
  void invokeAuthGuardsInvokeAndTriggersAndKeepsTheTokenFromFunctions() throws Exception {
    String fn = deploy(guarded, "closedapp");
    assertThat(send(guarded, "POST", "/invoke/" + fn, "headers", null).statusCode()).isEqualTo(401);
    assertThat(send(guarded, "POST", "/invoke/" + fn, "headers", "Bearer nope").statusCode()).isEqualTo(403);
    assertThat(send(guarded, "POST", "/t/closedapp/who", "headers", null).statusCode()).isEqualTo(401);

    HttpResponse<String> invoke = send(guarded, "POST", "/invoke/" + fn, "headers", BEARER);
    assertThat(invoke.statusCode()).isEqualTo(200);
    assertThat(invoke.body()).doesNotContain(TOKEN).doesNotContainIgnoringCase("Authorization");
    HttpResponse<String> trigger = send(guarded, "POST", "/t/closedapp/who", "headers", BEARER);
    assertThat(trigger.statusCode()).isEqualTo(200);
    assertThat(trigger.body()).doesNotContain(TOKEN).doesNotContainIgnoringCase("Authorization");
  }
}
