package io.hearth.server.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the dashboard's browser tests: Debian's {@code /usr/bin/chromium} driven
 * through {@code /usr/bin/chromedriver} by Selenium ({@code scripts/chromium.sh} installs both; a
 * test class skips, naming what is missing, when they are not there). One per test class: start
 * it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 *
 * <p>Pages are opened at a width ({@link #open}); elements are found by their {@code data-test}
 * attribute. {@link #screenshot} saves the whole page as {@code <dir>/<name>-<width>.png}, where
 * the dir is {@code -Dhearth.ui.screenshots=<dir>} (relative to the repository root; e.g.
 * {@code docs/ui}) or {@code target/ui-screenshots} of the module by default.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("HEARTH_CHROMIUM", "/usr/bin/chromium"));
  public static final Path DRIVER = Path.of(System.getenv().getOrDefault("HEARTH_CHROMEDRIVER", "/usr/bin/chromedriver"));
  /** Longest wait for an element or a condition: a bound for a hung page, not a speed test. */
  public static final Duration WAIT = Duration.ofSeconds(15);

  private final ChromeDriver driver;
  private final Path profile;
  private int width = 1280;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts a headless Chromium; skips the calling test class when Chromium or its driver is missing. */
  public static Browser start() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    String missing = "the browser tests need " + CHROMIUM + " and " + DRIVER + ": run scripts/chromium.sh";
    if (!present && "1".equals(System.getenv("HEARTH_TEST_REQUIRE_BROWSER"))) {
      throw new IllegalStateException(missing + " (./hearth test installs them, so a missing browser fails there)");
    }
    Assumptions.assumeTrue(present, missing);
    Path profile = Files.createTempDirectory("hearth-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens {@code url} with a viewport {@code width} px wide (a phone's below 500: mobile emulation). */
  public Browser open(String url, int width) {
    resize(width);
    driver.get(url);
    return this;
  }

  /** Sets the viewport's width (900 px high) without reloading. */
  public Browser resize(int width) {
    this.width = width;
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
        "deviceScaleFactor", 1, "mobile", width < 500));
    return this;
  }

  /** Emulates the system's dark (or light) colour preference: the dashboard follows prefers-color-scheme. */
  public Browser dark(boolean dark) {
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
        List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    return this;
  }

  public Browser reload() {
    driver.navigate().refresh();
    return this;
  }

  public static By test(String dataTest) {
    return By.cssSelector("[data-test='" + dataTest + "']");
  }

  /** The first element with this {@code data-test}, once it is there and shown. */
  public WebElement waitFor(String dataTest) {
    return waitFor(dataTest, WAIT);
  }

  public WebElement waitFor(String dataTest, Duration wait) {
    try {
      // the page re-renders as events arrive: an element found may be replaced before it is read
      return new WebDriverWait(driver, wait).ignoring(StaleElementReferenceException.class).until(d -> {
        List<WebElement> found = d.findElements(test(dataTest));
        return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
      });
    } catch (TimeoutException e) {
      throw new AssertionError("no element data-test='" + dataTest + "' shown within " + wait.toSeconds()
          + " s at " + driver.getCurrentUrl() + "; the page says: " + bodyText(), e);
    }
  }

  /** Whether an element with this {@code data-test} is there now (shown or not). */
  public boolean has(String dataTest) {
    return !driver.findElements(test(dataTest)).isEmpty();
  }

  public List<WebElement> all(String dataTest) {
    return driver.findElements(test(dataTest));
  }

  /** The text of the first shown element with this {@code data-test}, read again if it was replaced meanwhile. */
  public String text(String dataTest) {
    for (int attempt = 1; ; attempt++) {
      try {
        return waitFor(dataTest).getText();
      } catch (StaleElementReferenceException e) {
        if (attempt == 3) {
          throw e; // replaced three times over between finding and reading: something else is wrong
        }
      }
    }
  }

  public void click(String dataTest) {
    waitFor(dataTest).click();
  }

  public void type(String dataTest, String text) {
    WebElement e = waitFor(dataTest);
    e.clear();
    e.sendKeys(text);
  }

  /** Waits until {@code condition} holds (checked every 100 ms), else fails naming {@code what}. */
  public void waitUntil(String what, Supplier<Boolean> condition) {
    waitUntil(what, WAIT, condition);
  }

  public void waitUntil(String what, Duration wait, Supplier<Boolean> condition) {
    try {
      new WebDriverWait(driver, wait, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class)
          .until(d -> Boolean.TRUE.equals(condition.get()));
    } catch (TimeoutException e) {
      throw new AssertionError("not within " + wait.toSeconds() + " s: " + what + "; the page says: " + bodyText(), e);
    }
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** What the page shows now (its title and text, cut), for failure messages. */
  public String bodyText() {
    try {
      String t = driver.findElement(By.tagName("body")).getText();
      return "[" + driver.getTitle() + "] " + (t.length() > 600 ? t.substring(0, 600) + "…" : t);
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Saves the whole page (not only the viewport) as {@code <dir>/<name>-<width>.png}; returns the file. */
  public Path screenshot(String name) {
    Object height = script("return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))");
    long h = Math.min(6000, Math.max(400, ((Number) height).longValue()));
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", h, "scale", 1)));
    Path file = screenshotDir().resolve(name + "-" + width + ".png");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the screenshot " + file, e);
    }
    return file;
  }

  /** Where screenshots go: {@code -Dhearth.ui.screenshots} against the repository root, else target/ui-screenshots. */
  static Path screenshotDir() {
    String given = System.getProperty("hearth.ui.screenshots");
    if (given == null || given.isBlank()) {
      return Path.of("target", "ui-screenshots");
    }
    Path p = Path.of(given);
    if (p.isAbsolute()) {
      return p;
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("mvnw")) && Files.exists(d.resolve("hearth"))) {
        return d.resolve(p);
      }
    }
    return dir.resolve(p);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
