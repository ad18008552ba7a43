package io.hearth.server.async;

import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.server.api.AsyncIntake;
import io.hearth.server.api.FnCache;
import io.hearth.server.api.InvokeApi;
import io.hearth.server.api.Invoker;
import io.hearth.server.calls.CallRecorder;
import io.hearth.store.queue.CallQueue;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's async and detached calls over the durable {@link CallQueue}: at start it ends or
 * returns what an earlier process of the node left ({@link CallQueue#recoverNode}), then it
 * accepts async calls ({@link #intake}), records detached ones before their 202 ({@link
 * #recording}) and, with workers, runs queued calls ({@link AsyncWorker}).
 */
public final class AsyncCalls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AsyncCalls.class);
  /** The error a call left running by a node that restarted ends with. */
  public static final String RESTARTED = "the node running the call restarted";
  /** The error a detached call an lb placed ends with when that lb restarted before the call's end. */
  public static final String LB_RESTARTED = "the lb placing the call restarted; the call may or may not have run";
  /** The error a detached call ends with when the node that placed it stopped renewing its lease and never came back. */
  public static final String LB_GONE = "the lb placing the call went away; the call may or may not have run";
  /** As {@link #LB_GONE}, on a node that ran its detached calls itself. */
  public static final String NODE_GONE = "the node running the call went away; the call may or may not have run";

  private final CallQueue queue;
  private final String nodeId;
  private final Clock clock;
  private final AsyncCounters counters;
  private final AsyncIntake intake;
  private final AsyncWorker worker;
  private final io.hearth.server.calls.FixedDelay janitor;
  private final java.util.concurrent.ExecutorService janitorThread;
  private final DetachedLeases detachedLeases;
  private final java.time.Duration lease;

  /** Final calls are deleted in chunks of this many, so one statement never holds the table for long. */
  static final int JANITOR_CHUNK = 5_000;
  static final java.time.Duration JANITOR_EVERY = java.time.Duration.ofMinutes(10);

  private AsyncCalls(CallQueue queue, String nodeId, Clock clock, AsyncCounters counters, AsyncIntake intake,
      AsyncWorker worker, io.hearth.server.calls.FixedDelay janitor, java.util.concurrent.ExecutorService janitorThread,
      DetachedLeases detachedLeases, java.time.Duration lease) {
    this.detachedLeases = detachedLeases;
    this.lease = lease;
    this.janitor = janitor;
    this.janitorThread = janitorThread;
    this.queue = queue;
    this.nodeId = nodeId;
    this.clock = clock;
    this.counters = counters;
    this.intake = intake;
    this.worker = worker;
  }

  /**
   * Recovers what this node left, then starts its workers (none when {@code settings.workers()} is
   * 0). {@code invoker} runs each call as a synchronous one would run. Final calls are deleted
   * {@code retention} after they ended (kept forever when it is zero), as call records are.
   */
  public static AsyncCalls start(CallQueue queue, String nodeId, Invoker invoker, FnCache cache,
      CallRecorder recorder, Clock clock, Scheduler scheduler, AsyncSettings settings, java.time.Duration retention) {
    return start(queue, nodeId, RESTARTED, invoker, cache, recorder, clock, scheduler, settings, retention);
  }

  /**
   * As above, the calls an earlier run of the node left ending with {@code restarted} ({@link
   * #RESTARTED} on a node that runs calls, {@link #LB_RESTARTED} on an lb, which only placed them).
   */
  public static AsyncCalls start(CallQueue queue, String nodeId, String restarted, Invoker invoker, FnCache cache,
      CallRecorder recorder, Clock clock, Scheduler scheduler, AsyncSettings settings, java.time.Duration retention) {
    int left = queue.recoverNode(nodeId, clock.instant(), restarted);
    if (left > 0) {
      log.info("{} async or detached calls left by an earlier run of node {}: detached ones ended as errors ('{}'),"
          + " async ones back in the queue", left, nodeId, restarted);
    }
    AsyncCounters counters = new AsyncCounters();
    AsyncWorker worker = settings.workers() == 0 ? null
        : new AsyncWorker(queue, nodeId, invoker, cache::get, recorder, clock, scheduler, settings, counters).start();
    java.util.concurrent.ExecutorService janitorThread = null;
    io.hearth.server.calls.FixedDelay janitor = null;
    if (!retention.isZero()) {
      janitorThread = java.util.concurrent.Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("hearth-async-janitor").factory());
      janitor = new io.hearth.server.calls.FixedDelay(scheduler, janitorThread, java.time.Duration.ofSeconds(30),
          JANITOR_EVERY, () -> sweep(queue, clock, retention)).start();
    }
    DetachedLeases leases = new DetachedLeases(queue, nodeId, clock, scheduler, settings,
        restarted.equals(LB_RESTARTED) ? LB_GONE : NODE_GONE).start();
    return new AsyncCalls(queue, nodeId, clock, counters, new AsyncIntakeImpl(queue, clock, settings, counters,
        worker == null ? () -> {} : worker::enqueued),
        worker, janitor, janitorThread, leases, settings.lease());
  }

  private static void sweep(CallQueue queue, Clock clock, java.time.Duration retention) {
    try {
      while (queue.deleteFinishedBefore(clock.instant().minus(retention), JANITOR_CHUNK) == JANITOR_CHUNK) {
        // another chunk
      }
    } catch (RuntimeException e) {
      log.warn("deleting ended async calls past their retention failed; the next sweep tries again: {}",
          e.getMessage());
    }
  }

  public AsyncIntake intake() {
    return intake;
  }

  /** The detacher that records each detached call in the queue before it starts, and ends its record. */
  public InvokeApi.Detacher recording(InvokeApi.Detacher detacher) {
    return new DetachedRecording(detacher, queue, nodeId, clock, lease);
  }

  public CallQueue queue() {
    return queue;
  }

  /** Counters since start, and the queue per function read now (at a scrape). */
  public AsyncStats stats() {
    List<io.hearth.store.queue.Depth> depths;
    try {
      depths = queue.depths();
    } catch (RuntimeException e) {
      depths = List.of(); // the datastore is down: the depth gauges are left out of this scrape
    }
    return counters.snapshot(depths);
  }

  @Override
  public void close() {
    detachedLeases.close();
    if (worker != null) {
      worker.close();
    }
    if (janitor != null) {
      janitor.close();
      janitorThread.shutdown();
    }
  }
}
