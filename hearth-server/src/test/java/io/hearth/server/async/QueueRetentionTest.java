package io.hearth.server.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.server.calls.CallRecorder;
import io.hearth.store.queue.Outcome;
import io.hearth.store.queue.QueuedCall;
import io.hearth.testkit.store.InMemoryCallQueue;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Retention of the call queue on lbs: two lbs started as {@code LbNode} starts them (no workers of
 * their own in this test, a retention of one hour) over one queue, a manual clock. Ended calls
 * older than the retention are deleted by whichever lb's janitor runs; calls ended since, and calls
 * still queued or running, are kept.
 */
class QueueRetentionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofHours(1);
  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryCallQueue queue = new InMemoryCallQueue();

  private AsyncCalls lb(String id) {
    return AsyncCalls.start(queue, id, AsyncCalls.LB_RESTARTED, null, null, CallRecorder.NONE, clock, clock,
        AsyncSettings.of(1024, 100, 1024, 0), RETENTION);
  }

  private QueuedCall enqueued(String id) {
    QueuedCall q = QueuedCall.async(id, "app", "f1", 3, clock.instant(), false, "[]", new byte[0]);
    queue.enqueue(q, 100);
    return q;
  }

  private void end(String id) {
    QueuedCall q = queue.claim("n9", clock.instant(), Duration.ofHours(5), 1, Set.of()).getFirst();
    assertThat(q.id()).isEqualTo(id);
    queue.finish(id, "n9", q.attempts(), Outcome.failed("done"), clock.instant());
  }

  @Test
  void endedCallsPastTheRetentionAreDeletedByAnLbsJanitor() throws Exception {
    enqueued("old");
    end("old"); // ended at T0
    QueuedCall detached = QueuedCall.detached("placed", "app", "f1", "lb3", T0, "[]");
    queue.recordDetached(detached); // running on a third lb, no lease: kept while it runs
    try (AsyncCalls lb1 = lb("lb1"); AsyncCalls lb2 = lb("lb2")) {
      clock.advance(Duration.ofMinutes(20));
      enqueued("recent");
      end("recent"); // ended at T0 + 20 min
      enqueued("waiting"); // queued, never ended
      // the janitors run 30 s after start, then every 10 minutes; past T0 + 1 h the old call goes
      advanceUntil(() -> queue.get("old").isEmpty(), Duration.ofMinutes(5));
      assertThat(clock.instant()).isAfter(T0.plus(RETENTION));
      assertThat(queue.get("recent")).as("ended less than the retention ago").isPresent();
      assertThat(queue.get("waiting")).as("still queued").isPresent();
      assertThat(queue.get("placed")).as("still running").isPresent();
      advanceUntil(() -> queue.get("recent").isEmpty(), Duration.ofMinutes(5));
      assertThat(clock.instant()).isAfter(T0.plus(Duration.ofMinutes(20)).plus(RETENTION));
      assertThat(List.of(queue.get("waiting").isPresent(), queue.get("placed").isPresent())).containsOnly(true);
    }
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
