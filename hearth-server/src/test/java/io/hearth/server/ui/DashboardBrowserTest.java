package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser against a real all-in-one node with data (a function called
 * successfully and with a crash): the overview and nodes pages show what the API says, a new call
 * appears without a reload, deep links survive a reload, and the files are served as the contract
 * says. One node and one browser for the class. Screenshots at 1280 and 390 px.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardBrowserTest {
  static UiNode node;
  static Browser browser;
  static String fnId;

  @BeforeAll
  static void start() throws Exception {
    node = UiNode.start(Map.of());
    browser = Browser.start();
    String app = node.app("dashboard");
    fnId = node.fn(app, "hello", "\"annotations\":{\"hearth.io/min_warm\":1}"); // a container stays to be counted
    for (String body : new String[] {"echo\nAda", "echo\nBob", "crash"}) {
      node.invoke(fnId, body);
    }
    // a few seconds of light traffic, so that the charts have more than one point (bounded: 30 calls)
    for (int i = 0; i < 30; i++) {
      node.invoke(fnId, i % 5 == 0 ? "sleep 60" : "echo\nx");
      Thread.sleep(150);
    }
    awaitCalls(33);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (node != null) {
      node.close();
    }
  }

  /** The timeline's count of the last 15 minutes, as the API says it. */
  static int callsInTimeline() throws Exception {
    int n = 0;
    for (JsonNode p : node.get("/v2/stats/timeline").get("points")) {
      n += p.get("calls").asInt();
    }
    return n;
  }

  static void awaitCalls(int atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (callsInTimeline() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the timeline never showed " + atLeast + " calls: " + node.get("/v2/stats/timeline"));
      }
      Thread.sleep(100);
    }
  }

  private static WebElement bar(WebElement card, String label) {
    return card.findElement(By.cssSelector("[data-test='bar'][data-label='" + label + "']"));
  }

  @Test
  void theOverviewShowsWhatTheApiSays() throws Exception {
    browser.open(node.url("/ui/"), 1280);
    int calls = callsInTimeline();
    browser.waitUntil("the overview counts " + calls + " calls",
        () -> browser.text("calls-15m").equals(String.valueOf(calls)));
    JsonNode timeline = node.get("/v2/stats/timeline");
    int errors = 0;
    for (JsonNode p : timeline.get("points")) {
      errors += p.get("errors").asInt();
    }
    assertThat(browser.text("stat-errors")).isEqualTo(String.valueOf(errors));
    assertThat(errors).as("the crashed call").isEqualTo(1);
    String cause = timeline.get("errors_by_cause").fieldNames().next();
    assertThat(browser.text("error-cause")).isEqualTo(cause);

    JsonNode self = node.get("/v2/node");
    WebElement card = browser.waitFor("node-card");
    assertThat(card.getAttribute("data-key")).isEqualTo(self.get("node_id").asText());
    assertThat(bar(card, "Memory").getAttribute("data-total")).isEqualTo(self.at("/capacity/memory_bytes").asText());
    assertThat(bar(card, "CPU").getAttribute("data-total")).isEqualTo(self.at("/capacity/cpu_mcpus").asText());
    assertThat(bar(card, "Disk").getAttribute("data-total")).isEqualTo(self.at("/capacity/disk_bytes").asText());
    assertThat(bar(card, "GPUs").getAttribute("data-total")).isEqualTo(self.at("/capacity/gpus").asText());

    // containers: the one function's container(s), in whatever state they are now; the total is stable
    browser.waitFor("containers-idle");
    browser.waitUntil("the containers shown add up to the node's", () -> {
      try {
        int api = 0;
        for (JsonNode n : node.get("/v2/node").get("containers")) {
          api += n.asInt();
        }
        int shown = 0;
        for (String s : new String[] {"starting", "busy", "idle", "frozen"}) {
          shown += Integer.parseInt(browser.text("containers-" + s));
        }
        return api == shown && shown >= 1;
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(browser.text("queue-async_queued")).isEqualTo("0");
    assertThat(browser.text("queue-jobs_queued")).isEqualTo("0");
    assertThat(browser.all("chart")).hasSize(2);
    browser.screenshot("overview");
    browser.dark(true);
    browser.screenshot("overview-dark");
    browser.dark(false);
    browser.resize(390);
    browser.waitFor("calls-15m");
    browser.screenshot("overview");
  }

  @Test
  void aNewCallShowsWithoutAReload() throws Exception {
    browser.open(node.url("/ui/"), 1280);
    browser.waitFor("calls-15m");
    browser.waitUntil("the stream is live", () -> "live".equals(browser.waitFor("live").getAttribute("data-state")));
    int before = Integer.parseInt(browser.text("calls-15m"));
    browser.script("window.hearthMarker = 'same page'");
    HttpResponse<String> r = node.invoke(fnId, "echo\nlive");
    long answered = System.nanoTime();
    String callId = r.headers().firstValue("Fn-Call-Id").orElseThrow();
    browser.waitUntil("call " + callId + " shown as the last call",
        () -> callId.equals(browser.waitFor("last-call").getAttribute("data-call-id")));
    long shownMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
    System.out.printf("dashboard: a call's event shown %d ms after its answer%n", shownMs);
    // the count comes with the next stats event, which can follow the call's own event
    browser.waitUntil("the 15-minute count includes the call",
        () -> Integer.parseInt(browser.text("calls-15m")) > before);
    assertThat(browser.script("return window.hearthMarker")).as("no reload").isEqualTo("same page");
  }

  @Test
  void theNodesPageShowsTheNodeAsTheApiSays() throws Exception {
    browser.open(node.url("/ui/nodes"), 1280);
    JsonNode member = node.get("/v2/nodes").get("items").get(0);
    JsonNode self = node.get("/v2/node");
    WebElement row = browser.waitFor("node-row");
    assertThat(browser.all("node-row")).hasSize(1);
    assertThat(row.getAttribute("data-key")).isEqualTo(member.get("id").asText());
    assertThat(row.findElement(Browser.test("node-id")).getText()).isEqualTo(member.get("id").asText());
    assertThat(row.findElement(Browser.test("node-class")).getText()).isEqualTo(member.get("instance_type").asText());
    assertThat(row.findElement(Browser.test("node-status")).getText()).isEqualTo(member.get("status").asText());
    assertThat(row.findElement(Browser.test("node-role")).getText()).isEqualTo(member.get("role").asText());
    assertThat(row.findElement(Browser.test("node-drain")).getText()).isEqualTo("not draining");
    WebElement card = browser.waitFor("node-card");
    assertThat(browser.all("node-card")).hasSize(1);
    assertThat(card.getAttribute("data-key")).isEqualTo(member.get("id").asText());
    assertThat(bar(card, "Memory").getAttribute("data-total")).isEqualTo(self.at("/capacity/memory_bytes").asText());
    assertThat(bar(card, "CPU").getAttribute("data-total")).isEqualTo(self.at("/capacity/cpu_mcpus").asText());
    assertThat(browser.text("nodes-summary")).isEqualTo("1 node · 1 up");
    browser.screenshot("nodes");
    browser.resize(390);
    browser.waitFor("node-row");
    browser.screenshot("nodes");
  }

  @Test
  void deepLinksSurviveAReloadAndTheRouterNavigates() throws Exception {
    browser.open(node.url("/ui/nodes"), 1280);
    browser.waitFor("node-card");
    browser.reload();
    browser.waitFor("node-card");
    assertThat(browser.driver().getTitle()).isEqualTo("Nodes · Hearth");
    assertThat(browser.waitFor("nav-nodes").getAttribute("aria-current")).isEqualTo("page");
    browser.click("nav-overview");
    browser.waitFor("calls-15m");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(node.url("/ui/"));
    browser.driver().navigate().back();
    browser.waitFor("node-card");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(node.url("/ui/nodes"));
    browser.open(node.url("/ui/no/such/page"), 1280);
    assertThat(browser.waitFor("not-found").getText()).contains("/ui/no/such/page");
  }

  @Test
  void theKeyboardReachesTheNavigationAndFollowsIt() {
    browser.open(node.url("/ui/"), 1280);
    browser.waitFor("calls-15m");
    browser.script("document.activeElement.blur()");
    var body = browser.driver().findElement(By.tagName("body"));
    body.sendKeys(org.openqa.selenium.Keys.TAB);
    assertThat(browser.script("return document.activeElement.textContent")).isEqualTo("Skip to content");
    for (int i = 0; i < 10 && !"nav-nodes".equals(browser.script("return document.activeElement.dataset.test")); i++) {
      browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
    }
    assertThat(browser.script("return document.activeElement.dataset.test")).isEqualTo("nav-nodes");
    browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
    browser.waitFor("node-row");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(node.url("/ui/nodes"));
    assertThat(browser.script("return document.activeElement.id")).as("focus moves to the new page").isEqualTo("main");
  }

  @Test
  void filesAreServedOpenlyWithTypesAndUnknownOnesAre404Json() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(node.url("/ui/assets/no-such.js"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(UiNode.JSON.readTree(missing.body()).get("message").asText()).contains("/ui/assets/no-such.js");
    HttpResponse<String> climbing = http.send(HttpRequest.newBuilder(
        URI.create(node.url("/ui/assets/..%2F..%2Fhttp%2Fopenapi.json"))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(climbing.statusCode()).as("Jetty refuses the encoded separators (400); past it, 404").isIn(400, 404);
    assertThat(climbing.body()).doesNotContain("\"paths\"");

    HttpResponse<String> app = http.send(HttpRequest.newBuilder(URI.create(node.url("/ui/assets/app.js"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    String etag = app.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(node.url("/ui/assets/app.js")))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);

    HttpResponse<String> deep = http.send(HttpRequest.newBuilder(URI.create(node.url("/ui/jobs/01ABC"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(deep.statusCode()).isEqualTo(200);
    assertThat(deep.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(deep.body()).contains("/ui/assets/app.js");
    HttpResponse<String> bare = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
        .send(HttpRequest.newBuilder(URI.create(node.url("/ui"))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bare.statusCode()).isEqualTo(308);
    assertThat(bare.headers().firstValue("Location")).hasValue("/ui/");
  }
}
