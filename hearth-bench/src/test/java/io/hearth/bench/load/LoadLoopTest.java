package io.hearth.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generators against a tiny local server. Only bounds that slowness cannot break are
 * checked: counts and lower bounds on latency, never speed.
 */
class LoadLoopTest {
  private static final Call CALL = Call.post("/call", Map.of("Content-Type", "text/plain"),
      "echo\nhi".getBytes(StandardCharsets.US_ASCII));

  @Test
  void closedLoopMeasuresEveryCallAfterTheWarmUpAndStopsAtTheEnd(@TempDir Path dir) throws Exception {
    try (TinyServer server = new TinyServer(dir, -1, 0)) {
      LoadResult r = ClosedLoop.run(new ClosedLoop.Spec(2, Duration.ofMillis(50), Duration.ofMillis(200), 100_000,
          Duration.ofSeconds(5)), i -> server.endpoint(), i -> () -> CALL);
      assertThat(r.errors()).isZero();
      assertThat(r.calls()).isPositive().isEqualTo(r.latency().getTotalCount());
      assertThat(r.allCalls()).isGreaterThanOrEqualTo(r.calls()).isLessThanOrEqualTo(server.requests.get());
      assertThat(r.seconds()).isEqualTo(0.2);
    }
  }

  @Test
  void closedLoopStopsAtItsCallBudget(@TempDir Path dir) throws Exception {
    try (TinyServer server = new TinyServer(dir, -1, 0)) {
      LoadResult r = ClosedLoop.run(new ClosedLoop.Spec(3, Duration.ZERO, Duration.ofSeconds(30), 10,
          Duration.ofSeconds(5)), i -> server.endpoint(), i -> () -> CALL);
      assertThat(server.requests.get()).isEqualTo(10);
      assertThat(r.allCalls()).isEqualTo(10);
    }
  }

  @Test
  void openLoopChargesAStallToTheCallsDueDuringIt(@TempDir Path dir) throws Exception {
    // 100 calls/s over one connection; the 20th request stalls 300 ms: the ~30 calls due meanwhile
    // wait, and their latency runs from when they were due (no coordinated omission).
    try (TinyServer server = new TinyServer(dir, 20, 300)) {
      LoadResult r = OpenLoop.run(new OpenLoop.Spec(100, 1, Duration.ZERO, Duration.ofMillis(800),
          Duration.ofSeconds(5)), i -> server.endpoint(), () -> CALL);
      assertThat(r.errors()).isZero();
      assertThat(r.calls() + r.unsent()).isLessThanOrEqualTo(80);
      assertThat(r.calls()).isGreaterThan(20);
      assertThat(r.latency().getMaxValue()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
      // the service time of the calls after the stall is not their latency: latency >= service, always
      assertThat(r.latency().getTotalCount()).isEqualTo(r.service().getTotalCount());
      assertThat(r.latency().getMean()).isGreaterThanOrEqualTo(r.service().getMean());
      assertThat(r.late()).isPositive(); // at least the calls due during the stall went out late
    }
  }

  @Test
  void failedCallsAreCountedNotMeasured(@TempDir Path dir) throws Exception {
    Endpoint nowhere = Endpoint.unix(dir.resolve("nobody.sock"));
    LoadResult r = ClosedLoop.run(new ClosedLoop.Spec(1, Duration.ZERO, Duration.ofMillis(100), 1000,
        Duration.ofSeconds(1)), i -> nowhere, i -> () -> CALL);
    assertThat(r.calls()).isZero();
    assertThat(r.errors()).isPositive();
    assertThat(r.firstError()).contains("nobody.sock");
  }
}
