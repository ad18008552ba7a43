package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.time.Clock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following die events against a scripted engine whose stream breaks. */
class ExitWatcherTest {
  @TempDir Path tmp;

  @Test
  void resubscribesFromTheLastEventAfterABreak() throws Exception {
    AtomicInteger subscriptions = new AtomicInteger();
    LinkedBlockingQueue<String> exits = new LinkedBlockingQueue<>();
    try (FakeEngine fake = new FakeEngine(tmp, (r, ex) -> {
          int n = subscriptions.incrementAndGet();
          ex.chunkedHead(200, "Date: Thu, 01 Jan 2026 00:00:00 GMT");
          if (n == 1) {
            ex.chunk("{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"c1\"},\"timeNano\":1767225601000000005}\n");
            return false; // the stream breaks
          }
          ex.chunk("{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"c2\"},\"timeNano\":1767225602000000000}");
          ex.chunk("\n");
          ex.hang();
          return false;
        });
        DockerEngine engine = new DockerEngine(fake.socket());
        DockerDriver driver = new DockerDriver(engine, Clock.system())) {
      AutoCloseable handle = driver.onExit(Map.of("io.hearth.fn", "f1"), exits::add);
      assertThat(exits.poll(5, TimeUnit.SECONDS)).isEqualTo("c1");
      assertThat(exits.poll(5, TimeUnit.SECONDS)).isEqualTo("c2");
      String first = URLDecoder.decode(fake.targets().get(1), StandardCharsets.UTF_8);
      String second = URLDecoder.decode(fake.targets().get(2), StandardCharsets.UTF_8);
      assertThat(first).startsWith("GET /v1.41/events?filters=").contains("\"label\":[\"io.hearth.fn=f1\"]")
          .contains("\"event\":[\"die\"]").contains("\"type\":[\"container\"]").doesNotContain("since");
      assertThat(second).endsWith("&since=1767225601.000000005");
      // the events stream hangs: close must cut it rather than wait for it (a generous bound, not a speed test)
      assertTimeoutPreemptively(Duration.ofSeconds(30), handle::close);
    }
  }

  @Test
  void timesForSince() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(ExitWatcher.eventTime(json.readTree("{\"timeNano\":1700000000123456789}"), "x"))
        .isEqualTo("1700000000.123456789");
    assertThat(ExitWatcher.eventTime(json.readTree("{}"), "x")).isEqualTo("x");
    assertThat(ExitWatcher.engineTime("Thu, 01 Jan 2026 00:00:00 GMT")).isEqualTo("1767225600");
    assertThat(ExitWatcher.engineTime("garbage")).isNull();
  }
}
