package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.docker.testing.TestImages;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * The Jobs and Leases pages in a real browser against a real all-in-one node whose dispatcher runs
 * jobs as containers on the real Docker Engine. The node offers 1.5 CPUs, so one 1-CPU job runs
 * (printing a line a second) while the others wait in the queue. The pages show what the API says
 * (the queue in the scheduler's order, an alloc's lease), the actions done in the page (a priority,
 * a cancel, a free) are what the API then says, and changes made elsewhere arrive without a reload.
 * Screenshots of the four pages at 1280 and 390 px.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JobsLeasesBrowserTest {
  private static final Pattern COUNTDOWN = Pattern.compile("expires in (?:(\\d+)m )?(\\d+)s");

  static UiNode node;
  static Browser browser;
  static String image;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start(); // first: skips the class at once when Chromium is missing
    image = TestImages.busybox();
    node = UiNode.start(Map.of("HEARTH_MAX_TOTAL_CPU_MCPUS", "1500"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (node != null) {
        for (JsonNode j : node.get("/v2/jobs?order=scheduler").get("items")) {
          node.send("POST", "/v2/jobs/" + j.get("id").asText() + "/cancel", null); // kills what still runs
        }
      }
    } finally {
      if (browser != null) {
        browser.close();
      }
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void theQueueInTheDispatchersOrderWithPriorityCancelAndAFollowedLog() throws Exception {
    String ticker = submit("ticker", 500, "i=0; while [ $i -lt 170 ]; do echo tick $i; i=$((i+1)); sleep 1; done");
    awaitState(ticker, "running");
    String render = submit("render", 500, "echo render");
    String index = submit("index", 400, "echo index");
    String report = submit("report", 300, "echo report; echo done > /out/r.txt");

    browser.open(node.url("/ui/jobs"), 1280);
    browser.waitUntil("the page lists the queue as the API orders it", () -> rows().equals(queue()));
    assertThat(rows()).containsExactly(ticker, render, index, report);
    assertThat(texts("job-state"))
        .containsExactly("running", "queued", "queued", "queued");
    browser.screenshot("jobs");
    browser.resize(390);
    browser.screenshot("jobs");
    browser.resize(1280);

    // The state filter: only the queued jobs, still in the dispatcher's order; the keyboard stays on it.
    new Select(browser.waitFor("jobs-state-filter")).selectByValue("queued");
    browser.waitUntil("only the queued jobs are listed", () -> rows().equals(List.of(render, index, report)));
    assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/jobs?state=queued");
    assertThat(browser.script("return document.activeElement.id")).isEqualTo("jobs-state");
    new Select(browser.waitFor("jobs-state-filter")).selectByValue("");
    browser.waitUntil("the whole queue is listed again", () -> rows().size() == 4);

    // A priority changed elsewhere reorders the open page without a reload.
    long changed = System.nanoTime();
    assertThat(node.send("PATCH", "/v2/jobs/" + index, "{\"priority\":800}").statusCode()).isEqualTo(200);
    browser.waitUntil("the page shows index moved up", () -> rows().equals(List.of(ticker, index, render, report)));
    System.out.printf("ui-measure: job priority change to the page's new order: %d ms%n",
        (System.nanoTime() - changed) / 1_000_000);

    // Priority changed in the page: the API agrees, and the order with it.
    browser.open(node.url("/ui/jobs/" + report), 1280);
    browser.waitFor("priority-form");
    // The command as a shell would take it back: the script is one argument, quoted.
    browser.waitUntil("the page shows the command", () -> !text("job-command").isEmpty());
    assertThat(text("job-command")).isEqualTo("sh -c 'echo report; echo done > /out/r.txt'");
    browser.type("priority-input", "2000");
    browser.click("set-priority");
    HttpResponse<String> refusal = node.send("PATCH", "/v2/jobs/" + report, "{\"priority\":2000}");
    assertThat(refusal.statusCode()).isEqualTo(400);
    String refused = UiNode.JSON.readTree(refusal.body()).get("message").asText();
    browser.waitUntil("the API's refusal is shown as Hearth says it", () -> text("priority-error").equals(refused));
    browser.type("priority-input", "900");
    browser.click("set-priority");
    browser.waitUntil("the API says priority 900", () -> job(report).get("priority").asInt() == 900);
    browser.waitUntil("the page shows 900", () -> text("job-priority").equals("900"));
    assertThat(queue()).containsExactly(ticker, report, index, render);
    browser.open(node.url("/ui/jobs"), 1280);
    browser.waitUntil("the page lists the new order", () -> rows().equals(List.of(ticker, report, index, render)));

    // Cancelled in the page (after confirming): the API says cancelled; the page shows it.
    browser.open(node.url("/ui/jobs/" + render), 1280);
    browser.waitFor("cancel-job").sendKeys(Keys.ENTER); // with the keyboard: the dialog's focus is on its yes
    browser.waitFor("confirm-ok");
    browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.waitUntil("the API says render is cancelled", () -> state(render).equals("cancelled"));
    browser.waitUntil("the page shows render cancelled", () -> text("job-state").equals("cancelled"));
    assertThat(browser.has("cancel-job")).as("a final job has no cancel button").isFalse();
    browser.open(node.url("/ui/jobs?state=cancelled"), 1280);
    browser.waitUntil("the cancelled jobs are listed as the API lists them, newest first",
        () -> rows().equals(ids("/v2/jobs?state=cancelled")) && rows().contains(render));

    // A running job's log, followed: lines arrive while the page is open.
    browser.open(node.url("/ui/jobs/" + ticker), 1280);
    browser.waitUntil("the log shows the ticks so far", () -> lastTick() >= 0);
    int seen = lastTick();
    browser.waitUntil("new ticks arrive in the open page", () -> lastTick() >= seen + 2);
    browser.screenshot("job");
    browser.resize(390);
    browser.screenshot("job");

    // Cancelled elsewhere: the open page shows it without a reload.
    changed = System.nanoTime();
    assertThat(node.send("POST", "/v2/jobs/" + ticker + "/cancel", null).statusCode()).isEqualTo(200);
    browser.waitUntil("the page shows the ticker cancelled", () -> text("job-state").equals("cancelled"));
    System.out.printf("ui-measure: job cancel to the page's new state: %d ms%n", (System.nanoTime() - changed) / 1_000_000);

    // With the CPU free, report (900) runs next: its page shows it complete, its log, and downloads
    // its output tar as the API serves it (the page fetches it with the token and saves the blob).
    browser.open(node.url("/ui/jobs/" + report), 1280);
    awaitState(report, "complete");
    browser.waitUntil("the page shows report complete", () -> text("job-state").equals("complete"));
    browser.waitUntil("its log", () -> text("job-log").contains("report"));
    browser.script("window.savedBlobs = []; const make = URL.createObjectURL;"
        + " URL.createObjectURL = (b) => { window.savedBlobs.push(b.size); return make(b); };");
    browser.click("download-output");
    int tarBytes = node.send("GET", "/v2/jobs/" + report + "/output", null).body().length();
    assertThat(tarBytes).isGreaterThan(0);
    browser.waitUntil("the page saved the output tar", () -> ((List<?>) browser.script("return window.savedBlobs")).size() == 1);
    assertThat(((Number) ((List<?>) browser.script("return window.savedBlobs")).getFirst()).intValue()).isEqualTo(tarBytes);
  }

  @Test
  void anAllocWithItsCountdownItsExecAndItsLogFreedInThePage() throws Exception {
    HttpResponse<String> made = node.send("POST", "/v2/allocs", "{\"owner\":\"ui-test\",\"keepalive_secs\":90,"
        + "\"labels\":{\"stage\":\"build\"},"
        + "\"resources\":{\"memory_bytes\":67108864,\"cpu_mcpus\":250,\"disk_bytes\":16777216}}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String alloc = UiNode.JSON.readTree(made.body()).get("id").asText();

    browser.open(node.url("/ui/leases?owner=ui-test"), 1280);
    browser.waitUntil("the alloc is listed", () -> allocRows().equals(List.of(alloc)));
    assertThat(text("alloc-owner")).isEqualTo("ui-test");
    assertThat(text("alloc-state")).isEqualTo("active");
    int first = secondsLeft(text("alloc-countdown"));
    assertThat(first).isBetween(1, 90);
    browser.waitUntil("the countdown counts down", () -> secondsLeft(text("alloc-countdown")) < first);
    browser.open(node.url("/ui/leases"), 1280);
    browser.waitUntil("the alloc is listed with every other", () -> allocRows().contains(alloc));
    browser.screenshot("leases");
    browser.resize(390);
    browser.screenshot("leases");

    browser.open(node.url("/ui/allocs/" + alloc), 1280);
    browser.waitFor("free-alloc");
    assertThat(browser.has("exec-row")).isFalse();
    // An exec started elsewhere appears without a reload; its log is shown in the page.
    HttpResponse<String> exec = node.send("POST", "/v2/allocs/" + alloc + "/execs", "{\"image\":\"" + image + "\","
        + "\"cmd\":[\"sh\",\"-c\",\"echo hello from the alloc; echo 42 > /alloc/answer\"]}");
    assertThat(exec.statusCode()).as(exec.body()).isEqualTo(201);
    browser.waitUntil("the exec is listed, succeeded", () -> browser.has("exec-row")
        && text("exec-state").equals("succeeded"));
    browser.click("exec-log-button");
    browser.waitUntil("the exec's log is shown", () -> text("exec-log").contains("hello from the alloc"));
    browser.screenshot("alloc");
    browser.resize(390);
    browser.screenshot("alloc");
    browser.resize(1280);

    browser.click("free-alloc");
    browser.click("confirm-ok");
    browser.waitUntil("the API says freed", () -> get("/v2/allocs/" + alloc).get("state").asText().equals("freed"));
    browser.waitUntil("the page says freed", () -> text("alloc-state").equals("freed"));
    assertThat(browser.has("free-alloc")).as("a freed alloc has no free button").isFalse();

    // A deep link to what is not there says what Hearth says.
    for (String path : List.of("/v2/allocs/" + alloc + "x", "/v2/jobs/01NOSUCHJOB")) {
      String message = UiNode.JSON.readTree(node.send("GET", path, null).body()).get("message").asText();
      browser.open(node.url(path.replace("/v2/", "/ui/")), 1280);
      browser.waitUntil("the page says " + message, () -> text("error").contains(message));
    }
  }

  private static String submit(String name, int priority, String script) throws Exception {
    String body = "{\"name\":\"" + name + "\",\"image\":\"" + image + "\",\"priority\":" + priority
        + ",\"command\":[\"sh\",\"-c\",\"" + script + "\"],\"constraints\":{\"vcpus\":1,\"ram_bytes\":33554432}}";
    HttpResponse<String> r = node.send("POST", "/v2/jobs", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return UiNode.JSON.readTree(r.body()).get("id").asText();
  }

  private static JsonNode job(String id) {
    return get("/v2/jobs/" + id);
  }

  private static String state(String id) {
    return job(id).get("state").asText();
  }

  private static void awaitState(String id, String state) {
    browser.waitUntil("job " + id + " " + state, java.time.Duration.ofSeconds(60), () -> state(id).equals(state));
  }

  /** The queue as the API orders it. */
  private static List<String> queue() {
    return ids("/v2/jobs?order=scheduler");
  }

  private static List<String> ids(String path) {
    List<String> ids = new ArrayList<>();
    get(path).get("items").forEach(j -> ids.add(j.get("id").asText()));
    return ids;
  }

  /** The ids of the listed rows, read in one script: a live reload may replace them at any moment. */
  private static List<String> rows() {
    return keys("job-row");
  }

  private static List<String> allocRows() {
    return keys("alloc-row");
  }

  @SuppressWarnings("unchecked")
  private static List<String> keys(String dataTest) {
    return (List<String>) browser.script("return Array.from(document.querySelectorAll(\"[data-test='\" + arguments[0]"
        + " + \"']\"), r => r.dataset.key)", dataTest);
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(String dataTest) {
    return (List<String>) browser.script("return Array.from(document.querySelectorAll(\"[data-test='\" + arguments[0]"
        + " + \"']\"), r => r.textContent)", dataTest);
  }

  /** The text of the first element with this data-test, or "" while there is none. */
  private static String text(String dataTest) {
    List<String> t = texts(dataTest);
    return t.isEmpty() ? "" : t.getFirst();
  }

  /** The highest "tick N" the job log panel shows, or -1. */
  private static int lastTick() {
    Matcher m = Pattern.compile("tick (\\d+)").matcher(text("job-log"));
    int last = -1;
    while (m.find()) {
      last = Math.max(last, Integer.parseInt(m.group(1)));
    }
    return last;
  }

  private static int secondsLeft(String countdown) {
    Matcher m = COUNTDOWN.matcher(countdown);
    assertThat(m.find()).as("a countdown: " + countdown).isTrue();
    return (m.group(1) == null ? 0 : Integer.parseInt(m.group(1)) * 60) + Integer.parseInt(m.group(2));
  }

  private static JsonNode get(String path) {
    try {
      return node.get(path);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
