package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who sees the dashboard, and what it says when the server is gone: with {@code HEARTH_API_TOKEN}
 * set it asks for the token and shows nothing before a working one; when its node stops it says
 * the server cannot be reached, and it comes back once a node answers there again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardAccessBrowserTest {
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    UiNode.image(); // skips without an engine, before the browser starts
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void withATokenSetTheDashboardAsksForItAndShowsNothingBefore() throws Exception {
    try (UiNode node = UiNode.start(Map.of("HEARTH_API_TOKEN", "ui-s3cret"))) {
      String nodeId = node.get("/v2/node").get("node_id").asText();
      browser.open(node.url("/ui/nodes"), 1280);
      browser.waitFor("token-prompt");
      assertThat(browser.has("node-card")).isFalse();
      assertThat(browser.has("calls-15m")).isFalse();
      assertThat(browser.driver().findElement(org.openqa.selenium.By.id("nav")).isDisplayed()).isFalse();
      assertThat(browser.bodyText()).doesNotContain(nodeId);
      browser.screenshot("token");
      browser.resize(390);
      browser.screenshot("token");
      browser.resize(1280);

      browser.type("token-input", "not-it");
      browser.click("token-submit");
      assertThat(browser.text("token-error")).contains("refused");
      assertThat(browser.has("node-card")).isFalse();

      browser.type("token-input", "ui-s3cret");
      browser.click("token-submit");
      assertThat(browser.waitFor("node-card").getAttribute("data-key")).isEqualTo(nodeId); // the deep link kept
      browser.waitUntil("the stream is live with the token",
          () -> "live".equals(browser.waitFor("live").getAttribute("data-state")));
      browser.reload(); // the token is kept for the tab
      browser.waitFor("node-card");
    }
  }

  @Test
  void aStoppedServerIsSaidAndTheDashboardComesBackWhenItAnswers() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url;
    try (UiNode node = UiNode.start(Map.of("HEARTH_PORT", String.valueOf(port)))) {
      url = node.url("/ui/");
      browser.open(url, 1280);
      browser.waitFor("calls-15m");
    }
    browser.waitFor("unreachable", java.time.Duration.ofSeconds(20));
    assertThat(browser.has("calls-15m")).isFalse();
    browser.screenshot("unreachable");
    browser.resize(390);
    browser.screenshot("unreachable");
    browser.resize(1280);
    try (UiNode again = UiNode.start(Map.of("HEARTH_PORT", String.valueOf(port)))) {
      browser.click("retry");
      browser.waitFor("calls-15m");
      assertThat(browser.driver().getCurrentUrl()).isEqualTo(url);
    }
  }
}
