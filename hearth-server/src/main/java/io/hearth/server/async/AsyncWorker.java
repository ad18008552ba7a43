package io.hearth.server.async;

import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.server.api.FnCache;
import io.hearth.server.api.Invoker;
import io.hearth.server.calls.CallRecorder;
import io.hearth.server.calls.FixedDelay;
import io.hearth.store.StoreException;
import io.hearth.store.queue.CallQueue;
import io.hearth.store.queue.Outcome;
import io.hearth.store.queue.QueuedCall;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued async calls on this node: claims due calls (up to its free worker slots; a function
 * with {@code hearth.io/async_concurrency} gets no more than its limit less the claims of it held on
 * every node, which the queue counts atomically), runs each through the node's
 * {@link Invoker} (the agent, or the lb's placement) on a virtual thread with its stored headers
 * and body, keeps the answer ({@link AnswerCapture}), and stores what {@link NextStep} decides: the
 * outcome, or a retry after a back-off. It renews the claims of the calls it runs, so they return to
 * the queue only when this node is gone (or, at its restart, at once: {@link AsyncCalls#start}).
 *
 * <p>Polls go at {@link PollPace}'s pace: every {@code pollEvery} while they find calls, backing
 * off to {@link PollPace#DEFAULT_IDLE} while the queue is empty; a call enqueued on this node
 * ({@link #enqueued}), a slot that frees, and a retry this node scheduled, once due, each ask for a
 * poll at once.
 *
 * <p>Threads: the scheduler ticks polls and renewals and hands them to one claimer thread owned
 * here, which alone reads and writes {@code pace}; {@code lock} guards {@code running} (call id to
 * function id), {@code perFn}, {@code limits} and {@code nextPoll}; calls run on virtual threads of
 * their own and report back under the lock.
 */
final class AsyncWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AsyncWorker.class);

  private final CallQueue queue;
  private final String nodeId;
  private final Invoker invoker;
  private final Function<String, Optional<FnCache.Entry>> fns;
  private final CallRecorder recorder;
  private final Clock clock;
  private final Scheduler scheduler;
  private final AsyncSettings settings;
  private final AsyncCounters counters;
  private final ExecutorService claimer =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("hearth-async-claimer").factory());
  private final ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hearth-async-", 0).factory());
  private final Object lock = new Object();
  /** Guarded by lock. */
  private final Map<String, String> running = new HashMap<>();
  private final Map<String, Integer> perFn = new HashMap<>();
  private final Map<String, Integer> limits = new HashMap<>();
  private volatile boolean closing;
  /** Whether a poll is handed to the claimer and not yet begun: a call ending asks for one at most once. */
  private final java.util.concurrent.atomic.AtomicBoolean pollAsked = new java.util.concurrent.atomic.AtomicBoolean();
  private final PollPace pacing;
  /** The wait before the last timed poll; the claimer thread's. */
  private Duration pace;
  /** Guarded by lock. */
  private Scheduler.Scheduled nextPoll;
  private FixedDelay renewals;

  AsyncWorker(CallQueue queue, String nodeId, Invoker invoker, Function<String, Optional<FnCache.Entry>> fns,
      CallRecorder recorder, Clock clock, Scheduler scheduler, AsyncSettings settings, AsyncCounters counters) {
    this.queue = queue;
    this.nodeId = nodeId;
    this.invoker = invoker;
    this.fns = fns;
    this.recorder = recorder;
    this.clock = clock;
    this.scheduler = scheduler;
    this.settings = settings;
    this.counters = counters;
    this.pacing = new PollPace(settings.pollEvery(), max(settings.pollEvery(), PollPace.DEFAULT_IDLE));
    this.pace = settings.pollEvery();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  AsyncWorker start() {
    armPoll(settings.pollEvery());
    renewals = new FixedDelay(scheduler, claimer, settings.renewEvery(), settings.renewEvery(), this::renewSafely)
        .start();
    return this;
  }

  private void armPoll(Duration delay) {
    synchronized (lock) {
      if (!closing) {
        nextPoll = scheduler.schedule(delay, () -> {
          try {
            claimer.execute(this::timedPoll);
          } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
          }
        });
      }
    }
  }

  /** A poll of the timer: sets the pace of the next one and arms it. */
  private void timedPoll() {
    try {
      pace = pacing.next(pace, pollSafely());
    } finally {
      armPoll(pace);
    }
  }

  /** A call was enqueued on this node: a poll now, and polls at the busy pace again. */
  void enqueued() {
    askPoll();
  }

  private boolean pollSafely() {
    try {
      return poll();
    } catch (StoreException.Unavailable e) {
      log.debug("async claims wait for the datastore: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("claiming async calls failed", e);
    }
    return false;
  }

  /**
   * Claims while there is room and calls are due (several claims per tick when the queue is deep);
   * whether it claimed any, or found no room (a slot that frees asks for the next poll).
   */
  boolean poll() {
    boolean claimedAny = false;
    for (int round = 0; round < 10; round++) {
      int room;
      Set<String> full = new HashSet<>();
      synchronized (lock) {
        room = settings.workers() - running.size();
        limits.forEach((fn, limit) -> {
          if (limit > 0 && perFn.getOrDefault(fn, 0) >= limit) {
            full.add(fn);
          }
        });
      }
      if (room <= 0) {
        return true;
      }
      // the queue counts a limited function's claims over every node (hearth.io/async_concurrency is cluster-wide)
      List<QueuedCall> claimed = queue.claim(nodeId, clock.instant(), settings.lease(), room, full,
          fnId -> fns.apply(fnId).map(e -> Annotations.concurrency(e.fn())).orElse(0));
      if (claimed.isEmpty()) {
        return claimedAny;
      }
      claimedAny = true;
      for (QueuedCall q : claimed) {
        int limit = fns.apply(q.fnId()).map(e -> Annotations.concurrency(e.fn())).orElse(0);
        boolean run;
        synchronized (lock) {
          limits.put(q.fnId(), limit);
          run = limit == 0 || perFn.getOrDefault(q.fnId(), 0) < limit;
          if (run) {
            running.put(q.id(), q.fnId());
            perFn.merge(q.fnId(), 1, Integer::sum);
          }
        }
        if (run) {
          counters.claims.increment();
          calls.execute(() -> runSafely(q));
        } else {
          queue.release(q.id(), nodeId, q.attempts()); // its function is at hearth.io/async_concurrency here
        }
      }
    }
    return claimedAny;
  }

  private void renewSafely() {
    List<String> ids;
    synchronized (lock) {
      ids = List.copyOf(running.keySet());
    }
    try {
      queue.renew(nodeId, ids, clock.instant().plus(settings.lease()));
    } catch (RuntimeException e) {
      log.warn("renewing the claims of {} async calls failed (they return to the queue if this persists): {}",
          ids.size(), e.getMessage());
    }
  }

  private void runSafely(QueuedCall q) {
    try {
      run(q);
    } catch (RuntimeException e) {
      log.warn("async call {} failed to run; its claim returns it to the queue", q.id(), e);
    } finally {
      synchronized (lock) {
        running.remove(q.id());
        perFn.merge(q.fnId(), -1, Integer::sum);
      }
      askPoll(); // a slot is free: look for the next call now rather than at the next tick
    }
  }

  private void askPoll() {
    if (!closing && pollAsked.compareAndSet(false, true)) {
      try {
        claimer.execute(() -> {
          pollAsked.set(false);
          if (pollSafely()) {
            pace = settings.pollEvery(); // the timer's next polls at the busy pace again
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pollAsked.set(false); // closing
      }
    }
  }

  private void run(QueuedCall q) {
    Optional<FnCache.Entry> entry = fns.apply(q.fnId());
    if (entry.isEmpty()) {
      end(q, Outcome.failed("the function was deleted before the call ran"));
      return;
    }
    FnCache.Entry e = entry.get();
    synchronized (lock) {
      limits.put(q.fnId(), Annotations.concurrency(e.fn()));
    }
    AnswerCapture capture = new AnswerCapture(settings.maxResultBody(),
        q.trigger() ? io.hearth.server.api.AnswerMapping.TRIGGER : io.hearth.server.api.AnswerMapping.AS_IS);
    CallResult result = invoker.call(new CallRequest(q.id(), e.app(), e.fn(), HeaderJson.read(q.requestHeaders()),
        new ByteArrayInputStream(q.requestBody()), q.requestBody().length), capture);
    if (closing && result instanceof CallResult.Failed) {
      // cut short by the node stopping, not the function's doing: back to the queue, for this node's next start
      queue.retry(q.id(), nodeId, q.attempts(), clock.instant(), "the node running the call stopped");
      return;
    }
    if (q.attempts() == 1) {
      recorder.record(q.id(), q.appId(), q.fnId(), result); // the calls list keeps the first attempt's record
    }
    switch (NextStep.after(result, capture.answer(), q.attempts(), q.maxAttempts(), clock.instant())) {
      case NextStep.Finish(Outcome outcome) -> end(q, outcome);
      case NextStep.Retry(var after, String reason) -> {
        if (queue.retry(q.id(), nodeId, q.attempts(), after, reason)) {
          counters.retries.increment();
          Duration wait = Duration.between(clock.instant(), after);
          scheduler.schedule(wait.isNegative() ? Duration.ZERO : wait, this::askPoll); // not up to an idle pace late
        }
      }
    }
  }

  private void end(QueuedCall q, Outcome outcome) {
    if (queue.finish(q.id(), nodeId, q.attempts(), outcome, clock.instant())) {
      counters.outcome(outcome.state());
    } else {
      log.info("async call {} was taken over before attempt {} ended; its outcome is not kept", q.id(), q.attempts());
    }
  }

  /** Stops claiming; calls running now go on until the node stops (their claims return them if they do not end). */
  @Override
  public void close() {
    synchronized (lock) {
      closing = true;
      if (nextPoll != null) {
        nextPoll.cancel();
      }
    }
    if (renewals != null) {
      renewals.close();
    }
    claimer.shutdown();
    calls.shutdown();
    try {
      claimer.awaitTermination(5, TimeUnit.SECONDS);
      calls.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
