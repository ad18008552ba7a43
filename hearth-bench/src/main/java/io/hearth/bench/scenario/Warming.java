package io.hearth.bench.scenario;

import io.hearth.bench.load.Latencies;
import io.hearth.bench.node.HearthApi;
import io.hearth.bench.node.NodeCounters;
import java.io.IOException;

/** Gets a function's containers started before a measured phase, so that it measures warm calls. */
final class Warming {
  /** Longest wait for the containers: a JVM container starts in about a second on a small machine. */
  private static final long BASE_WAIT_MILLIS = 30_000;
  private static final long WAIT_PER_CONTAINER_MILLIS = 2_000;

  private Warming() {}

  /**
   * Asks the node to prewarm the function up to {@code n} containers and waits until they run
   * (bounded); returns how many run.
   */
  static int prewarm(HearthApi api, String fnId, int n) throws IOException {
    int have = api.node().warm(fnId);
    if (have < n) {
      api.prewarm(fnId, Math.min(100, n - have));
    }
    long deadline = System.currentTimeMillis() + BASE_WAIT_MILLIS + WAIT_PER_CONTAINER_MILLIS * n;
    while (true) {
      NodeCounters c = api.node();
      if ((c.warm(fnId) >= n && c.containers().getOrDefault("starting", 0) == 0)
          || System.currentTimeMillis() > deadline) {
        return c.warm(fnId);
      }
      Latencies.pause(100);
    }
  }

  /** Waits (bounded) until the node has no container starting: launches decided during a phase have landed. */
  static void settle(HearthApi api) throws IOException {
    long deadline = System.currentTimeMillis() + BASE_WAIT_MILLIS;
    while (api.node().containers().getOrDefault("starting", 0) > 0 && System.currentTimeMillis() < deadline) {
      Latencies.pause(100);
    }
  }
}
