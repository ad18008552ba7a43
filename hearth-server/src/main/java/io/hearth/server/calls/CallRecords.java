package io.hearth.server.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.call.CallResult;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.server.http.Router;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.CallStore;
import io.hearth.store.calls.NewCall;
import io.hearth.store.functions.FnStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call records of a node: turns each finished call into a record and hands it to the batching
 * {@link CallRecordWriter}, runs the {@link RetentionJanitor}, and serves the calls API. When
 * recording is off, calls are not recorded (records already stored stay readable).
 *
 * <p>Threads: the node's {@link Scheduler} ticks the writer's flushes and the janitor's sweeps, and
 * each tick only hands the work to a worker thread owned here (one for the writer, one for the
 * janitor, so that a long sweep never holds back the writes): both wait on the datastore. {@link
 * #close} stops the ticks and the workers and writes every record still queued.
 */
public final class CallRecords implements CallRecorder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallRecords.class);
  /** Records waiting to be written; at ~10k calls/s this is a second of datastore trouble. */
  static final int QUEUE_CAPACITY = 10_000;
  /** Rows per INSERT batch: large enough to amortise a round trip, small enough for one transaction. */
  static final int BATCH_SIZE = 500;
  /** How long a record may wait before it is written, when fewer than a batch are waiting. */
  static final Duration FLUSH_EVERY = Duration.ofMillis(100);
  /** How often the janitor looks for expired records. */
  static final Duration JANITOR_EVERY = Duration.ofMinutes(10);
  static final Duration JANITOR_FIRST = Duration.ofSeconds(30);

  /** Longer than the agent's CallLog linger (50 ms), so that trailing output is in the record. */
  static final Duration LOG_LINGER = Duration.ofMillis(60);

  /** Records written, dropped (queue full, or lost at shutdown), failed (refused) and waiting now. */
  public record Stats(long written, long dropped, long failed, long queued) {}

  private final CallStore store;
  private final InstantSource clock;
  private final CallRecordWriter writer;
  private final FixedDelay janitor;
  private final List<ExecutorService> workers;
  /** Told of every batch once it is written (see {@link #onWritten}); null (none) by default. */
  private final AtomicReference<Consumer<List<CallRecord>>> written;

  private CallRecords(CallStore store, InstantSource clock, CallRecordWriter writer, FixedDelay janitor,
      List<ExecutorService> workers, AtomicReference<Consumer<List<CallRecord>>> written) {
    this.store = store;
    this.clock = clock;
    this.writer = writer;
    this.janitor = janitor;
    this.workers = workers;
    this.written = written;
  }

  /**
   * Starts recording (unless {@code enabled} is false) and the janitor (unless {@code retention} is
   * zero, which keeps records forever), ticked by {@code scheduler} (the node's; it may stop before
   * {@link #close}, which needs it no more).
   */
  public static CallRecords start(CallStore store, Clock clock, Scheduler scheduler, boolean enabled,
      Duration retention) {
    List<ExecutorService> workers = new ArrayList<>();
    AtomicReference<Consumer<List<CallRecord>>> written = new AtomicReference<>();
    CallRecordWriter writer = null;
    if (enabled) {
      ExecutorService worker = worker("hearth-call-records-writer");
      workers.add(worker);
      CallRecordWriter.Sink sink = batch -> {
        store.insert(batch);
        Consumer<List<CallRecord>> listener = written.get();
        if (listener != null) { // no copy of the batch's records for nobody
          tell(listener, batch);
        }
      };
      writer = new CallRecordWriter(sink, clock, scheduler, worker, QUEUE_CAPACITY, BATCH_SIZE, LOG_LINGER);
      writer.start(FLUSH_EVERY);
    }
    FixedDelay janitor = null;
    if (!retention.isZero()) {
      ExecutorService worker = worker("hearth-call-records-janitor");
      workers.add(worker);
      janitor = new FixedDelay(scheduler, worker, JANITOR_FIRST, JANITOR_EVERY,
          new RetentionJanitor(store, clock, retention)::runOnce).start();
    }
    return new CallRecords(store, clock, writer, janitor, List.copyOf(workers), written);
  }

  /** Hands a written batch's records to {@code listener}; its failure is logged, never the batch's. */
  private static void tell(Consumer<List<CallRecord>> listener, List<NewCall> batch) {
    try {
      List<CallRecord> calls = new ArrayList<>(batch.size());
      for (NewCall c : batch) {
        calls.add(c.call());
      }
      listener.accept(calls);
    } catch (RuntimeException e) {
      log.warn("a listener of written call records failed", e);
    }
  }

  /**
   * From now on, {@code listener} is given the records of each batch once it is written, on the
   * writer's thread (so it must not wait): how the dashboard of a node that is its datastore's
   * only writer learns of new calls without reading them back. One listener; a second replaces it.
   */
  public void onWritten(Consumer<List<CallRecord>> listener) {
    written.set(listener);
  }

  private static ExecutorService worker(String name) {
    return Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name(name).factory());
  }

  @Override
  public void record(String callId, String appId, String fnId, CallResult result) {
    if (writer != null) {
      // the log is read later, on the writer's thread: never on the call's
      writer.offer(new CallRecordWriter.Pending(recordOf(callId, appId, fnId, result, clock.instant()),
          result.output()));
    }
  }

  /** The record of a call that ended at {@code completedAt}, with its log read now. */
  static NewCall toRecord(String callId, String appId, String fnId, CallResult result, Instant completedAt) {
    return new NewCall(recordOf(callId, appId, fnId, result, completedAt), result.log());
  }

  /** The record of a call that ended at {@code completedAt}; its start is counted back from its timings. */
  static CallRecord recordOf(String callId, String appId, String fnId, CallResult result, Instant completedAt) {
    CallResult.Timings t = result.timings();
    Duration queue = Duration.ofNanos(Math.max(0, t.queueNanos()));
    Duration init = Duration.ofNanos(Math.max(0, t.initNanos()));
    Duration exec = Duration.ofNanos(Math.max(0, t.execNanos()));
    Instant createdAt = completedAt.minus(queue).minus(init).minus(exec);
    boolean ran = result instanceof CallResult.Completed || !exec.isZero();
    Instant startedAt = ran ? createdAt.plus(queue).plus(init) : null;
    String error = result instanceof CallResult.Failed failed ? failed.message() : null;
    return new CallRecord(callId, appId, fnId, CallStatus.of(result), createdAt, startedAt,
        completedAt, queue, init, exec, t.cold(), error);
  }

  /** Registers the calls API on the router; {@code fns} tells a function with no calls from none at all. */
  public void register(Router router, ObjectMapper mapper, FnStore fns) {
    new CallsApi(store, fns, mapper).register(router);
  }

  /**
   * As above, with the durable queue's async and detached calls: their state, attempts and
   * timings at {@code .../calls/{call_id}}, an async call's stored answer at {@code .../result}.
   */
  public void register(Router router, ObjectMapper mapper, FnStore fns, io.hearth.store.queue.CallQueue queue) {
    new CallsApi(store, fns, mapper, queue).register(router);
  }

  public Stats stats() {
    return writer == null ? new Stats(0, 0, 0, 0) : writer.stats();
  }

  /** Stops the janitor and writes every record still waiting (none is lost unless the datastore is down). */
  @Override
  public void close() {
    if (writer != null) {
      writer.stop();
    }
    if (janitor != null) {
      janitor.close();
    }
    workers.forEach(ExecutorService::shutdown);
    try {
      for (ExecutorService worker : workers) {
        worker.awaitTermination(10, TimeUnit.SECONDS); // a flush or sweep under way finishes
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer != null) {
      writer.drain();
    }
  }
}
