package io.hearth.server.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallRequest;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.server.calls.CallRecorder;
import io.hearth.testkit.store.InMemoryCallQueue;
import io.hearth.testkit.time.ManualClock;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two lbs on one queue, a manual clock: a detached call placed by lb1 stays running while lb1
 * renews its lease, and once lb1 is gone (it stops renewing and never comes back) lb2 ends it as
 * an error that says so.
 */
class DetachedLeasesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryCallQueue queue = new InMemoryCallQueue();
  private final App app = new App("app1", "a", Map.of(), Map.of(), null, null, T0, T0);
  private final Fn fn = new Fn("f1", "f1", app.id(), "img", 128, 30, 30, Map.of(), Map.of(), null, T0, T0);

  private AsyncCalls lb(String id) {
    return AsyncCalls.start(queue, id, AsyncCalls.LB_RESTARTED, null, null, CallRecorder.NONE, clock, clock,
        AsyncSettings.of(1024, 100, 1024, 0), Duration.ZERO);
  }

  @Test
  void aDetachedCallOfAnLbThatNeverComesBackEndsAsAnErrorOnAnotherLb() throws Exception {
    AsyncCalls lb1 = lb("lb1");
    AsyncCalls lb2 = lb("lb2");
    try {
      io.hearth.server.api.InvokeApi.Detacher placed = (request, onEnd) -> Optional.empty(); // its end never comes
      lb1.recording(placed).start(new CallRequest("c1", app, fn, HeaderJson.read("[]"),
          new ByteArrayInputStream(new byte[0]), 0), result -> { });
      assertThat(state()).isEqualTo("running");
      Duration lease = AsyncSettings.DEFAULT_LEASE;
      // lb1 alive: three leases long, its renewals keep the call running
      for (int i = 0; i < 9; i++) {
        clock.advance(lease.dividedBy(3));
        Thread.sleep(20);
      }
      assertThat(state()).as("renewed by lb1").isEqualTo("running");
      lb1.close(); // lb1 is gone and is not restarted
      advanceUntil(() -> state().equals("error"), lease.dividedBy(3));
      assertThat(queue.get("c1").orElseThrow().error()).isEqualTo(AsyncCalls.LB_GONE);
    } finally {
      lb1.close();
      lb2.close();
    }
  }

  private String state() {
    return queue.get("c1").orElseThrow().state();
  }

  private void advanceUntil(BooleanSupplier done, Duration step) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      clock.advance(step);
      Thread.sleep(20);
    }
    assertThat(done.getAsBoolean()).as("reached within 30 s of real time").isTrue();
  }
}
