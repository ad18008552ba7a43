package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's apps, function and call pages in a real browser (headless Chromium through
 * Selenium), against an all-in-one node whose calls ran in real containers: what each page shows
 * is checked against the API, calls are filtered by status and paged, a call's log is opened, and a
 * call made while the function's page is open appears without a reload.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FnPagesBrowserTest {
  /** One more than the function page's page of calls, so that it pages. */
  private static final int CALLS = 21;

  static UiNode node;
  static Browser browser;
  static String appId;
  static String fnId;
  static String otherFnId;
  static String crashId;

  @BeforeAll
  static void start() throws Exception {
    node = UiNode.start(Map.of("HEARTH_KEEPALIVE_POLICY", "per-function")); // idle containers stay their idle_timeout (30 s)
    browser = Browser.start();
    appId = id(node.send("POST", "/v2/apps",
        "{\"name\":\"shop\",\"config\":{\"REGION\":\"eu-west\"},\"annotations\":{\"team\":\"payments\"}}"));
    fnId = id(node.send("POST", "/v2/fns", "{\"app_id\":\"" + appId + "\",\"name\":\"checkout\",\"image\":\""
        + UiNode.image() + "\",\"memory\":128,\"timeout\":5,\"config\":{\"CURRENCY\":\"EUR\"},"
        + "\"annotations\":{\"hearth.io/init_timeout_ms\":8000}}"));
    otherFnId = node.fn(appId, "refund");
    node.send("POST", "/v2/triggers", "{\"app_id\":\"" + appId + "\",\"fn_id\":\"" + fnId
        + "\",\"name\":\"checkout-http\",\"type\":\"http\",\"source\":\"/checkout\"}");
    for (int i = 0; i < CALLS - 1; i++) {
      node.invoke(fnId, "stdout paid order " + i);
    }
    crashId = callId(node.invoke(fnId, "crash"));
    awaitCalls(fnId, CALLS);
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

  @Test
  void theAppsListShowsEveryApp() throws Exception {
    open("/ui/apps", 1280, "app-row");
    JsonNode apps = node.get("/v2/apps").get("items");
    List<WebElement> rows = browser.all("app-row");
    assertThat(rows).hasSize(apps.size());
    WebElement shop = row("app-row", appId);
    assertThat(in(shop, "app-name").getText()).isEqualTo("shop");
    until("the app's function count", () -> in(row("app-row", appId), "app-fns").getText().equals("2"));
    browser.screenshot("apps");
    open("/ui/apps", 390, "app-row");
    browser.screenshot("apps");

    in(row("app-row", appId), "app-link").click(); // the router follows it
    browser.waitFor("fn-row");
    assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/apps/" + appId);
  }

  @Test
  void anAppShowsItsFunctionsAndTriggers() throws Exception {
    open("/ui/apps/" + appId, 1280, "trigger-row");
    browser.waitFor("fn-row");
    assertThat(browser.all("fn-row")).extracting(r -> r.getAttribute("data-key"))
        .containsExactlyInAnyOrder(fnId, otherFnId);
    assertThat(in(row("fn-row", fnId), "fn-memory").getText()).isEqualTo("128 MB");
    assertThat(in(browser.all("trigger-row").getFirst(), "trigger-name").getText()).isEqualTo("checkout-http");
    assertThat(browser.text("app-config")).contains("REGION").contains("eu-west");
    browser.screenshot("app");
    open("/ui/apps/" + appId, 390, "trigger-row");
    browser.screenshot("app");
  }

  @Test
  void aFunctionShowsItsSettingsContainersAndCallsAsTheApiDoes() throws Exception {
    node.invoke(fnId, "stdout keep a container warm");
    open("/ui/fns/" + fnId, 1280, "call-row");
    assertThat(browser.text("fn-image")).isEqualTo(node.get("/v2/fns/" + fnId)
        .get("image").asText());
    assertThat(browser.text("fn-memory")).isEqualTo("128 MB");
    assertThat(browser.text("fn-timeout")).isEqualTo("5 s");
    assertThat(browser.text("fn-init-timeout")).isEqualTo("8.0 s");
    assertThat(browser.text("fn-config")).contains("CURRENCY").contains("EUR");

    // containers: the same ones as the API lists (the page reads them every 3 s: compare until both agree)
    until("containers match the API", () -> {
      JsonNode items = node.get("/v2/fns/" + fnId + "/containers").get("items");
      List<String> api = new ArrayList<>();
      items.forEach(c -> api.add(c.get("state").asText()));
      List<String> shown = browser.all("container-row").stream()
          .map(r -> in(r, "container-state").getText()).toList();
      return !api.isEmpty() && shown.equals(api);
    });

    // the first page of calls, newest first, as the API pages them
    JsonNode page1 = node.get("/v2/fns/" + fnId + "/calls?per_page=20");
    until("the first page matches the API", () -> ids(browser.all("call-row")).equals(ids(page1.get("items"))));
    assertThat(in(row("call-row", crashId), "call-status").getText()).isEqualTo("error");
    browser.screenshot("fn");

    browser.click("calls-pager-next");
    JsonNode page2 = node.get("/v2/fns/" + fnId + "/calls?per_page=20&cursor="
        + page1.get("next_cursor").asText());
    until("the second page matches the API", () -> ids(browser.all("call-row")).equals(ids(page2.get("items"))));
    assertThat(browser.text("calls-pager-page")).isEqualTo("Page 2");
    browser.click("calls-pager-prev");
    until("back on the first page", () -> browser.text("calls-pager-page").equals("Page 1"));

    open("/ui/fns/" + fnId, 390, "call-row");
    browser.screenshot("fn");
  }

  @Test
  void callsFilterByStatus() throws Exception {
    open("/ui/fns/" + fnId, 1280, "call-row");
    // with the keyboard: type into the status list to choose, Enter in a field of the form applies it
    browser.waitFor("filter-status").sendKeys("error");
    browser.waitFor("filter-from").sendKeys(Keys.ENTER);
    JsonNode errors = node.get("/v2/fns/" + fnId + "/calls?status=error").get("items");
    assertThat(errors).isNotEmpty();
    until("only the errors are listed", () -> ids(browser.all("call-row")).equals(ids(errors)));
    assertThat(browser.all("call-row")).allSatisfy(r -> assertThat(in(r, "call-status").getText())
        .isEqualTo("error"));
    assertThat(browser.driver().getCurrentUrl()).contains("status=error"); // a deep link keeps the filter

    open("/ui/fns/" + fnId + "?status=timeout", 1280, "calls-filter"); // none timed out
    until("the calls list says none match", () -> !browser.driver().findElements(
        By.cssSelector("[data-test='calls-pager'] [data-test='empty']")).isEmpty());
    assertThat(browser.all("call-row")).isEmpty();
    assertThat(new Select(browser.waitFor("filter-status")).getFirstSelectedOption().getText()).isEqualTo("timeout");

    // a time range (Unix seconds in the address, the browser's local time in the fields)
    long now = java.time.Instant.now().getEpochSecond();
    String range = "from_time=" + (now - 600) + "&to_time=" + (now + 120);
    JsonNode inRange = node.get("/v2/fns/" + fnId + "/calls?per_page=20&" + range);
    open("/ui/fns/" + fnId + "?" + range, 1280, "call-row");
    until("the calls of the range are listed", () -> ids(browser.all("call-row")).equals(ids(inRange.get("items"))));
    assertThat(browser.waitFor("filter-from").getAttribute("value")).isNotEmpty();
    open("/ui/fns/" + fnId + "?from_time=" + (now + 3600), 1280, "calls-filter"); // an hour ahead: none yet
    until("the list says the filter hides every call", () -> !browser.driver().findElements(
        By.cssSelector("[data-test='calls-pager'] [data-test='empty']")).isEmpty());
    assertThat(browser.driver().findElement(By.cssSelector("[data-test='calls-pager'] [data-test='empty']")).getText())
        .contains("filter");
  }

  @Test
  void aCallShowsItsTimingsAndItsLog() throws Exception {
    // a call of the first page whose log holds something (the API's log is what the page must show)
    String logged = null;
    String log = null;
    for (JsonNode c : node.get("/v2/fns/" + fnId + "/calls?per_page=20").get("items")) {
      String text = node.send("GET", "/v2/fns/" + fnId + "/calls/" + c.get("id").asText() + "/log", null).body();
      if (c.get("status").asText().equals("success") && !text.isBlank()) {
        logged = c.get("id").asText();
        log = text;
        break;
      }
    }
    assertThat(logged).as("a call of the first page with a log").isNotNull();
    open("/ui/fns/" + fnId, 1280, "call-row");
    in(row("call-row", logged), "call-link").click();
    browser.waitFor("call-log");
    JsonNode call = node.get("/v2/fns/" + fnId + "/calls/" + logged);
    assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/fns/" + fnId + "/calls/" + logged);
    assertThat(browser.text("call-status")).isEqualTo(call.get("status").asText());
    assertThat(browser.text("call-log")).isEqualTo(log.strip());
    assertThat(browser.all("seg-exec")).hasSize(1); // it ran, so its run has a segment
    assertThat(browser.text("timing-total")).isNotEmpty();
    browser.screenshot("call");
    open("/ui/fns/" + fnId + "/calls/" + logged, 390, "call-log");
    browser.screenshot("call");

    open("/ui/fns/" + fnId + "/calls/" + crashId, 1280, "call-error");
    JsonNode crash = node.get("/v2/fns/" + fnId + "/calls/" + crashId);
    assertThat(browser.text("call-error")).isEqualTo(crash.get("error").asText());
    assertThat(browser.text("call-status")).isEqualTo("error");
  }

  @Test
  void aNewCallAppearsWithoutReload() throws Exception {
    open("/ui/fns/" + otherFnId, 1280, "calls-filter");
    browser.driver().executeScript("window.hearthNoReload = 'still here';");
    String id = callId(node.invoke(otherFnId, "stdout live"));
    long t0 = System.nanoTime();
    until("the new call is listed", Duration.ofSeconds(15), () -> !rows("call-row", id).isEmpty()); // the bound, not the measure
    long shownMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(browser.driver().executeScript("return window.hearthNoReload;")).isEqualTo("still here");
    System.out.printf("a new call showed on its function's page %d ms after its answer%n", shownMs);
  }

  /** Opens a dashboard path at a width and waits for an element of it. */
  private static void open(String path, int width, String waitFor) {
    browser.open(node.url(path), width);
    browser.waitFor(waitFor);
  }

  /** The rows of a table whose data-key is {@code key}. */
  private static List<WebElement> rows(String rowTest, String key) {
    return browser.driver().findElements(By.cssSelector("[data-test='" + rowTest + "'][data-key='" + key + "']"));
  }

  private static WebElement row(String rowTest, String key) {
    browser.waitUntil("a " + rowTest + " for " + key, () -> !rows(rowTest, key).isEmpty());
    return rows(rowTest, key).getFirst();
  }

  private static WebElement in(WebElement e, String dataTest) {
    return e.findElement(Browser.test(dataTest));
  }

  interface Check {
    boolean holds() throws Exception;
  }

  private static void until(String what, Check check) {
    until(what, Browser.WAIT, check);
  }

  /** Waits for a check that reads the page (re-rendered meanwhile: a stale element is a "not yet") and the API. */
  private static void until(String what, Duration wait, Check check) {
    browser.waitUntil(what, wait, () -> {
      try {
        return check.holds();
      } catch (StaleElementReferenceException e) {
        return false;
      } catch (Exception e) {
        throw new AssertionError(what + ": " + e, e);
      }
    });
  }

  private static String id(HttpResponse<String> created) throws Exception {
    if (created.statusCode() != 200) {
      throw new AssertionError("creating: " + created.statusCode() + " " + created.body());
    }
    return UiNode.JSON.readTree(created.body()).get("id").asText();
  }

  private static String callId(HttpResponse<String> r) {
    return r.headers().firstValue("Fn-Call-Id").orElseThrow();
  }

  private static List<String> ids(List<WebElement> rows) {
    return rows.stream().map(r -> r.getAttribute("data-key")).toList();
  }

  private static List<String> ids(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(c -> out.add(c.get("id").asText()));
    return out;
  }

  /** Waits until the function has at least {@code count} call records (the writer flushes every 100 ms). */
  private static void awaitCalls(String fn, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // generous: a wait, not a speed test
    while (node.get("/v2/fns/" + fn + "/calls?per_page=100").get("items").size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + count + " call records after 60 s");
      }
      Thread.sleep(50);
    }
  }
}
