package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The async benchmark of issue 13: accept latency p50/p99 and accept throughput (4 clients,
 * {@code -Dhearth.measure.calls}, default 1000, a warm echo function), and the end-to-end
 * completion rate (all accepted calls ended, per second after the first accept), on H2 and
 * PostgreSQL, one node in-process. Prints figures; checks only that every call succeeded. Run with
 * {@code -Dhearth.measure=true}; figures in docs/benchmarks/async.md.
 */
@EnabledIfSystemProperty(named = "hearth.measure", matches = "true")
class AsyncMeasurementTest {

  @Test
  void acceptLatencyAndCompletionOnH2AndPostgres() throws Exception {
    TestDocker.driver();
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    int calls = Integer.getInteger("hearth.measure.calls", 1000);
    measure("H2", Map.of(), image, calls);
    try (PostgresTestSchema schema = PostgresTestSchema.create()) {
      measure("PostgreSQL", Map.of("HEARTH_DB_URL", schema.url()), image, calls);
    }
  }

  private static void measure(String label, Map<String, String> settings, String image, int calls) throws Exception {
    Map<String, String> env = new HashMap<>(settings);
    env.put("HEARTH_ASYNC_MAX_QUEUED", "100000");
    try (TestServer node = TestServer.start(env)) {
      String app = node.app("measure");
      String fn = node.fn(app, "echo", image, null);
      node.invoke(fn, "echo\nwarm");
      long start = System.nanoTime();
      AsyncLoad load = new AsyncLoad(node, fn).accept(calls, 4, "echo\nx");
      int success = load.awaitAll(Duration.ofSeconds(240));
      double total = (System.nanoTime() - start) / 1e9;
      assertThat(success).isEqualTo(calls);
      System.out.printf("async-measure %-10s %d calls: accept p50 %.2f ms p99 %.2f ms, %.0f accepts/s;"
          + " all %d ended in %.1f s from the first accept (%.0f calls/s end to end)%n", label, calls,
          load.percentileMillis(50), load.percentileMillis(99), calls / (load.acceptWallNanos / 1e9), calls, total,
          calls / total);
    }
  }
}
