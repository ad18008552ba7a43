package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Async calls on an all-in-one node whose datastore is PostgreSQL (a schema of its own): accepted,
 * claimed with SKIP LOCKED by the node's workers, every one ends in success with its answer kept.
 * Prints the accept latency and completion figures (no number is checked).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AsyncCallsPostgresIntegrationTest {

  @Test
  void asyncCallsRunFromAPostgresQueue() throws Exception {
    TestDocker.driver();
    String image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    try (PostgresTestSchema schema = PostgresTestSchema.create();
        TestServer node = TestServer.start(Map.of("HEARTH_DB_URL", schema.url()))) {
      String app = node.app("async-pg");
      String fn = node.fn(app, "echo", image, null);
      assertThat(node.invoke(fn, "echo\nwarm").body()).isEqualTo("warm");
      AsyncLoad load = new AsyncLoad(node, fn).accept(Integer.getInteger("hearth.async.calls", 100), 4, "echo\nqueued");
      int success = load.awaitAll(Duration.ofSeconds(90));
      assertThat(success).isEqualTo(load.ids.size());
      assertThat(node.send("GET", "/v2/fns/" + fn + "/calls/" + load.ids.getFirst() + "/result", null).body())
          .isEqualTo("queued");
      System.out.printf("async-postgres: %d calls, accept p50 %.2f ms p99 %.2f ms, %.0f accepts/s; all ended %.1f s"
          + " after the last accept%n", load.ids.size(), load.percentileMillis(50), load.percentileMillis(99),
          load.ids.size() / (load.acceptWallNanos / 1e9), load.completeWallNanos / 1e9);
    }
  }
}
