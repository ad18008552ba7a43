package io.hearth.store.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call queue's conformance suite, run on H2 ({@link H2CallQueueTest}) and PostgreSQL
 * ({@link PostgresCallQueueTest}): depth limits, claims that never hand one call to two workers,
 * claim-lease expiry returning calls, guarded finish and retry, node recovery. Time is passed in.
 */
public interface CallQueueContract {

  /** The queue under test; null when its database is not there (the test is skipped). */
  CallQueue queue();

  Fixtures fx();

  /**
   * A function's id for calls whose concurrency is limited; the JDBC queues lock the function's row
   * in {@code fns} while they count its claims, so theirs create it.
   */
  default String limitedFn() {
    return fx().id();
  }

  Instant T0 = Instant.parse("2024-05-06T07:00:00.000Z");
  Duration LEASE = Duration.ofSeconds(30);

  @AfterEach
  default void empty() {
    if (queue() != null) {
      // finish everything, then delete it
      for (List<QueuedCall> c; !(c = queue().claim("cleaner", T0.plusSeconds(1_000_000), LEASE, 500, Set.of())).isEmpty(); ) {
        c.forEach(q -> queue().finish(q.id(), "cleaner", q.attempts(), Outcome.failed("x"), T0));
      }
      queue().recoverNode("n1", T0, "x");
      queue().recoverNode("n2", T0, "x");
      while (queue().deleteFinishedBefore(Instant.parse("9000-01-01T00:00:00Z"), 1000) > 0) {
        // keep deleting
      }
    }
  }

  private QueuedCall async(String fn, Instant at, int maxAttempts) {
    return QueuedCall.async(fx().id(), "app", fn, maxAttempts, at, false, "[[\"A\",\"b\"]]",
        "hello".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  default void anEnqueuedCallIsReadBackWithItsRequest() {
    QueuedCall call = async("f1", T0, 3);
    assertThat(queue().enqueue(call, 10)).isTrue();
    QueuedCall read = queue().get(call.id()).orElseThrow();
    assertThat(read.state()).isEqualTo("queued");
    assertThat(read.attempts()).isZero();
    assertThat(read.requestHeaders()).isEqualTo("[[\"A\",\"b\"]]");
    assertThat(new String(read.requestBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(read.createdAt()).isEqualTo(T0);
    assertThat(queue().get("nope")).isEmpty();
  }

  @Test
  default void aFunctionWithMaxOpenCallsTakesNoMore() {
    assertThat(queue().enqueue(async("f1", T0, 3), 2)).isTrue();
    assertThat(queue().enqueue(async("f1", T0, 3), 2)).isTrue();
    assertThat(queue().enqueue(async("f1", T0, 3), 2)).as("full").isFalse();
    assertThat(queue().enqueue(async("f2", T0, 3), 2)).as("another function's room is its own").isTrue();
    assertThat(queue().depths()).extracting(Depth::fnId, Depth::queued).containsExactly(
        org.assertj.core.groups.Tuple.tuple("f1", 2L), org.assertj.core.groups.Tuple.tuple("f2", 1L));
  }

  @Test
  default void aClaimTakesDueCallsOldestFirstAndSkipsFunctions() {
    QueuedCall a = async("f1", T0, 3);
    QueuedCall b = async("f1", T0.plusMillis(1), 3);
    QueuedCall c = async("f2", T0.plusMillis(2), 3);
    QueuedCall later = async("f1", T0.plusSeconds(60), 3);
    for (QueuedCall q : List.of(a, b, c, later)) {
      queue().enqueue(q, 100);
    }
    List<QueuedCall> got = queue().claim("n1", T0.plusSeconds(1), LEASE, 10, Set.of("f2"));
    assertThat(got).extracting(QueuedCall::id).containsExactly(a.id(), b.id());
    assertThat(got).allSatisfy(q -> {
      assertThat(q.state()).isEqualTo("running");
      assertThat(q.nodeId()).isEqualTo("n1");
      assertThat(q.attempts()).isEqualTo(1);
      assertThat(q.claimUntil()).isEqualTo(T0.plusSeconds(1).plus(LEASE));
    });
    assertThat(queue().claim("n2", T0.plusSeconds(1), LEASE, 10, Set.of())).extracting(QueuedCall::id)
        .containsExactly(c.id());
  }

  @Test
  default void aFunctionsConcurrencyIsCountedOverEveryNode() {
    String fn = limitedFn();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      QueuedCall q = async(fn, T0.plusMillis(i), 3);
      ids.add(q.id());
      queue().enqueue(q, 100);
    }
    java.util.function.ToIntFunction<String> two = f -> f.equals(fn) ? 2 : 0;
    List<QueuedCall> n1 = queue().claim("n1", T0.plusSeconds(1), LEASE, 1, Set.of(), two);
    List<QueuedCall> n2 = queue().claim("n2", T0.plusSeconds(1), LEASE, 10, Set.of(), two);
    assertThat(n1).hasSize(1);
    assertThat(n2).as("the other node takes what is left of the limit, not its own 2").hasSize(1);
    assertThat(queue().claim("n3", T0.plusSeconds(1), LEASE, 10, Set.of(), two)).as("at its limit").isEmpty();
    QueuedCall done = n1.getFirst();
    queue().finish(done.id(), "n1", done.attempts(), Outcome.failed("done"), T0.plusSeconds(2));
    assertThat(queue().claim("n3", T0.plusSeconds(2), LEASE, 10, Set.of(), two)).as("one slot freed").hasSize(1);
    // n2's claim expires (its node went away): it no longer counts, and is itself claimed again
    List<QueuedCall> after = queue().claim("n4", T0.plusSeconds(1).plus(LEASE).plusSeconds(1), LEASE, 10, Set.of(), two);
    assertThat(after).hasSize(1);
  }

  @Test
  default void nodesRacingForALimitedFunctionNeverRunMoreThanItsLimit() throws Exception {
    String fn = limitedFn();
    for (int i = 0; i < 40; i++) {
      queue().enqueue(async(fn, T0.plusMillis(i), 3), 1000);
    }
    int limit = 3;
    java.util.function.ToIntFunction<String> most = f -> f.equals(fn) ? limit : 0;
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<QueuedCall> claimed = Collections.synchronizedList(new ArrayList<>());
    try {
      for (int round = 0; round < 5; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> nodes = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
          String node = "n" + (w % 2 + 1);
          nodes.add(pool.submit(() -> {
            go.await();
            claimed.addAll(queue().claim(node, T0.plusSeconds(1), LEASE, 4, Set.of(), most));
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : nodes) {
          f.get();
        }
        long running = queue().depths().stream().filter(d -> d.fnId().equals(fn)).mapToLong(Depth::running).sum();
        assertThat(running).as("calls of the function running after round %d", round).isEqualTo(limit);
        assertThat(claimed).hasSize(limit * (round + 1));
        for (QueuedCall q : List.copyOf(claimed.subList(claimed.size() - limit, claimed.size()))) {
          queue().finish(q.id(), q.nodeId(), q.attempts(), Outcome.failed("done"), T0);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void workersRacingNeverClaimOneCallTwice() throws Exception {
    int n = 60;
    for (int i = 0; i < n; i++) {
      queue().enqueue(async("f" + (i % 3), T0.plusMillis(i), 3), 1000);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String node = "n" + w;
        workers.add(pool.submit(() -> {
          go.await();
          for (List<QueuedCall> got; !(got = queue().claim(node, T0.plusSeconds(1), LEASE, 5, Set.of())).isEmpty(); ) {
            got.forEach(q -> claimed.add(q.id()));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(claimed).hasSize(n);
    assertThat(new HashSet<>(claimed)).hasSize(n);
    for (String id : claimed) { // leave nothing for the clean-up to claim at another node's name
      QueuedCall q = queue().get(id).orElseThrow();
      queue().finish(id, q.nodeId(), q.attempts(), Outcome.failed("done"), T0);
    }
  }

  @Test
  default void anExpiredClaimReturnsToTheQueueAndTheOldHolderCannotFinish() {
    QueuedCall call = async("f1", T0, 3);
    queue().enqueue(call, 10);
    QueuedCall first = queue().claim("n1", T0, LEASE, 1, Set.of()).getFirst();
    assertThat(queue().claim("n2", T0.plus(LEASE).minusMillis(1), LEASE, 1, Set.of())).as("held").isEmpty();
    assertThat(queue().renew("n1", List.of(call.id()), T0.plus(LEASE).plusSeconds(10))).isEqualTo(1);
    assertThat(queue().claim("n2", T0.plus(LEASE).plusSeconds(5), LEASE, 1, Set.of())).as("renewed").isEmpty();
    QueuedCall second = queue().claim("n2", T0.plus(LEASE).plusSeconds(11), LEASE, 1, Set.of()).getFirst();
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.nodeId()).isEqualTo("n2");
    assertThat(queue().finish(call.id(), "n1", first.attempts(), Outcome.failed("late"), T0)).isFalse();
    assertThat(queue().renew("n1", List.of(call.id()), T0.plusSeconds(999))).isZero();
    assertThat(queue().finish(call.id(), "n2", 2, new Outcome("success", 200, "[]", "ok".getBytes(), null),
        T0.plusSeconds(50))).isTrue();
    QueuedCall done = queue().get(call.id()).orElseThrow();
    assertThat(done.state()).isEqualTo("success");
    assertThat(done.resultStatus()).isEqualTo(200);
    assertThat(new String(done.resultBody())).isEqualTo("ok");
    assertThat(done.completedAt()).isEqualTo(T0.plusSeconds(50));
  }

  @Test
  default void anExpiredClaimWithoutAttemptsLeftEndsAsAnError() {
    QueuedCall call = async("f1", T0, 1);
    queue().enqueue(call, 10);
    queue().claim("n1", T0, LEASE, 1, Set.of());
    assertThat(queue().claim("n2", T0.plusSeconds(60), LEASE, 1, Set.of())).isEmpty();
    QueuedCall q = queue().get(call.id()).orElseThrow();
    assertThat(q.state()).isEqualTo("error");
    assertThat(q.error()).contains("no attempts left");
  }

  @Test
  default void aRetryWaitsForItsBackOff() {
    QueuedCall call = async("f1", T0, 3);
    queue().enqueue(call, 10);
    QueuedCall first = queue().claim("n1", T0, LEASE, 1, Set.of()).getFirst();
    assertThat(queue().retry(call.id(), "n2", 1, T0.plusSeconds(5), "503")).as("not n2's").isFalse();
    assertThat(queue().retry(call.id(), "n1", first.attempts(), T0.plusSeconds(5), "function answered 503")).isTrue();
    assertThat(queue().claim("n1", T0.plusSeconds(4), LEASE, 1, Set.of())).isEmpty();
    QueuedCall again = queue().claim("n1", T0.plusSeconds(5), LEASE, 1, Set.of()).getFirst();
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(again.error()).isEqualTo("function answered 503");
  }

  @Test
  default void aReleasedClaimReturnsWithoutCountingTheAttempt() {
    QueuedCall call = async("f1", T0, 3);
    queue().enqueue(call, 10);
    QueuedCall first = queue().claim("n1", T0, LEASE, 1, Set.of()).getFirst();
    assertThat(queue().release(call.id(), "n2", first.attempts())).as("not n2's").isFalse();
    assertThat(queue().release(call.id(), "n1", first.attempts())).isTrue();
    QueuedCall back = queue().get(call.id()).orElseThrow();
    assertThat(back.state()).isEqualTo("queued");
    assertThat(back.attempts()).isZero();
    assertThat(queue().claim("n2", T0, LEASE, 1, Set.of()).getFirst().attempts()).isEqualTo(1);
  }

  @Test
  default void aDetachedCallWhoseOwnerStoppedRenewingIsEndedByAnyNode() {
    QueuedCall kept = QueuedCall.detached(fx().id(), "app", "f1", "n1", T0, "[]", T0.plus(LEASE));
    QueuedCall left = QueuedCall.detached(fx().id(), "app", "f1", "n2", T0, "[]", T0.plus(LEASE));
    QueuedCall unleased = QueuedCall.detached(fx().id(), "app", "f1", "n2", T0, "[]");
    queue().recordDetached(kept);
    queue().recordDetached(left);
    queue().recordDetached(unleased);
    assertThat(queue().endExpiredDetached(T0.plus(LEASE), "gone")).as("not expired yet").isZero();
    assertThat(queue().renewDetached("n1", T0.plus(LEASE).plusSeconds(20))).isEqualTo(1); // n1 is alive, n2 is not
    Instant later = T0.plus(LEASE).plusSeconds(1);
    assertThat(queue().endExpiredDetached(later, "the lb placing the call went away")).isEqualTo(1);
    QueuedCall ended = queue().get(left.id()).orElseThrow();
    assertThat(ended.state()).isEqualTo("error");
    assertThat(ended.error()).isEqualTo("the lb placing the call went away");
    assertThat(ended.completedAt()).isEqualTo(later);
    assertThat(queue().get(kept.id()).orElseThrow().state()).as("renewed").isEqualTo("running");
    assertThat(queue().get(unleased.id()).orElseThrow().state()).as("no lease: its node ends it").isEqualTo("running");
    assertThat(queue().finish(left.id(), "n2", 1, Outcome.failed("late"), later)).as("the late end changes nothing")
        .isFalse();
  }

  @Test
  default void aRestartedNodeEndsItsDetachedCallsAndReturnsItsClaims() {
    QueuedCall detached = QueuedCall.detached(fx().id(), "app", "f1", "n1", T0, "[]");
    queue().recordDetached(detached);
    QueuedCall other = QueuedCall.detached(fx().id(), "app", "f1", "n2", T0, "[]");
    queue().recordDetached(other);
    QueuedCall async = async("f1", T0, 3);
    queue().enqueue(async, 10);
    queue().claim("n1", T0, LEASE, 1, Set.of());
    QueuedCall last = async("f1", T0, 1);
    queue().enqueue(last, 10);
    queue().claim("n1", T0, LEASE, 1, Set.of());

    assertThat(queue().recoverNode("n1", T0.plusSeconds(3), "the node running the call restarted")).isEqualTo(3);
    QueuedCall d = queue().get(detached.id()).orElseThrow();
    assertThat(d.state()).isEqualTo("error");
    assertThat(d.error()).isEqualTo("the node running the call restarted");
    assertThat(d.completedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(queue().get(async.id()).orElseThrow().state()).isEqualTo("queued");
    assertThat(queue().get(last.id()).orElseThrow().state()).as("no attempt left").isEqualTo("error");
    assertThat(queue().get(other.id()).orElseThrow().state()).as("another node's").isEqualTo("running");
  }
}
