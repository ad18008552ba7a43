package io.hearth.server.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.server.api.FnCache;
import io.hearth.server.calls.CallRecorder;
import io.hearth.store.queue.QueuedCall;
import io.hearth.testkit.store.InMemoryCallQueue;
import io.hearth.testkit.time.ManualClock;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The async worker on the in-memory queue and a manual clock, with a fake invoker: a 503 is retried
 * after its back-off and the second attempt's answer kept; a function at its
 * {@code hearth.io/async_concurrency} runs no more calls at once on the node (the extra claims are
 * given back, their attempts not counted); a restarted node's claims return to the queue.
 */
class AsyncWorkerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final CallResult.Timings T = new CallResult.Timings(0, 0, 1_000);
  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryCallQueue queue = new InMemoryCallQueue();
  private final App app = new App("app1", "a", Map.of(), Map.of(), null, null, T0, T0);
  private AsyncWorker worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
  }

  private Fn fn(String id, Map<String, String> annotations) {
    return new Fn(id, id, app.id(), "img", 128, 30, 30, Map.of(), annotations, null, T0, T0);
  }

  private void start(Fn fn, io.hearth.server.api.Invoker invoker, int workers) {
    worker = new AsyncWorker(queue, "n1", invoker, id -> Optional.of(new FnCache.Entry(fn, app, T0)),
        CallRecorder.NONE, clock, clock, AsyncSettings.of(1024, 100, 1024, workers), new AsyncCounters()).start();
  }

  private void enqueue(String id, Fn fn) {
    queue.enqueue(QueuedCall.async(id, app.id(), fn.id(), Annotations.maxAttempts(fn), clock.instant(), false, "[]",
        new byte[0]), 100);
  }

  /** Moves the clock a poll at a time until the condition holds (the worker's threads run meanwhile). */
  private void advanceUntil(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      clock.advance(Duration.ofMillis(100));
      Thread.sleep(5); // lets the claimer and call threads, real ones, take their turn
    }
    assertThat(done.getAsBoolean()).as("reached within 30 s of real time").isTrue();
  }

  private String state(String id) {
    return queue.get(id).orElseThrow().state();
  }

  @Test
  void a503IsRetriedAfterItsBackOffAndTheSecondAnswerKept() throws Exception {
    Fn f = fn("f1", Map.of());
    AtomicInteger tries = new AtomicInteger();
    start(f, (request, sink) -> {
      if (tries.incrementAndGet() == 1) {
        return new CallResult.Completed(503, T, CallOutput.NONE);
      }
      try (OutputStream out = sink.commit(200, new Headers().add("Content-Type", "text/plain"), 2)) {
        out.write("ok".getBytes());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return new CallResult.Completed(200, T, CallOutput.NONE);
    }, 2);
    enqueue("c1", f);
    advanceUntil(() -> queue.get("c1").orElseThrow().attempts() == 1 && state("c1").equals("queued"));
    QueuedCall waiting = queue.get("c1").orElseThrow();
    assertThat(waiting.runAfter()).as("the back-off").isAfter(clock.instant());
    assertThat(waiting.error()).isEqualTo("the function answered 503");
    advanceUntil(() -> state("c1").equals("success"));
    QueuedCall done = queue.get("c1").orElseThrow();
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.resultStatus()).isEqualTo(200);
    assertThat(new String(done.resultBody())).isEqualTo("ok");
  }

  @Test
  void aCallEnqueuedOnThisNodeRunsAtOnceAfterTheWorkerBackedOffOnAnEmptyQueue() throws Exception {
    Fn f = fn("f3", Map.of());
    start(f, (request, sink) -> new CallResult.Completed(200, T, CallOutput.NONE), 2);
    backOff();
    enqueue("c1", f);
    worker.enqueued(); // what the intake does after each enqueue
    awaitSuccess("c1"); // the clock stands still: no timed poll can claim it
  }

  @Test
  void aCallEnqueuedElsewhereIsClaimedWithinTheIdlePace() throws Exception {
    Fn f = fn("f4", Map.of());
    start(f, (request, sink) -> new CallResult.Completed(200, T, CallOutput.NONE), 2);
    backOff();
    enqueue("c1", f); // as another node's intake would: nobody tells this worker
    for (long ms = 0; ms < PollPace.DEFAULT_IDLE.toMillis(); ms += 100) { // the idle pace's worth of clock, no more
      clock.advance(Duration.ofMillis(100));
      Thread.sleep(5);
    }
    awaitSuccess("c1"); // the clock stands still now: only a poll due within that second can claim it
  }

  /** 4 s of empty polls: the timer is at its idle pace; then what they handed over has run. */
  private void backOff() throws InterruptedException {
    for (int i = 0; i < 40; i++) {
      clock.advance(Duration.ofMillis(100));
      Thread.sleep(5);
    }
    Thread.sleep(500); // real time for the claimer to finish its last poll and arm the next one (it takes microseconds)
  }

  private void awaitSuccess(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!state(id).equals("success") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(state(id)).isEqualTo("success");
  }

  @Test
  void aFunctionAtItsConcurrencyLimitRunsNoMoreCallsAtOnce() throws Exception {
    Fn f = fn("f2", Map.of(Annotations.CONCURRENCY, "1"));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    start(f, (request, sink) -> {
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inside.decrementAndGet();
      return new CallResult.Completed(200, T, CallOutput.NONE);
    }, 4);
    for (int i = 0; i < 3; i++) {
      enqueue("c" + i, f);
    }
    advanceUntil(() -> inside.get() == 1);
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMillis(100)); // more polls: none may start another call of f2
      Thread.sleep(20);
    }
    assertThat(inside.get()).isEqualTo(1);
    release.countDown();
    advanceUntil(() -> state("c0").equals("success") && state("c1").equals("success") && state("c2").equals("success"));
    assertThat(most.get()).isEqualTo(1);
    for (int i = 0; i < 3; i++) {
      assertThat(queue.get("c" + i).orElseThrow().attempts()).as("a given-back claim is not an attempt").isEqualTo(1);
    }
  }

  @Test
  void aRestartedNodesClaimsReturnToTheQueue() {
    Fn f = fn("f3", Map.of());
    enqueue("c9", f);
    queue.claim("n1", clock.instant(), Duration.ofSeconds(30), 1, java.util.Set.of());
    AsyncCalls calls = AsyncCalls.start(queue, "n1", (r, s) -> null, null, CallRecorder.NONE, clock, clock,
        new AsyncSettings(1024, 100, 1024, 0, Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(10)),
        Duration.ZERO);
    calls.close();
    QueuedCall back = queue.get("c9").orElseThrow();
    assertThat(back.state()).isEqualTo("queued");
    assertThat(back.error()).isEqualTo(AsyncCalls.RESTARTED);
  }
}
