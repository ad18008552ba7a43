package io.hearth.server.calls;

import io.hearth.core.call.CallOutput;
import io.hearth.core.time.Scheduler;
import io.hearth.store.StoreException;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.NewCall;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call records off the request path. Calls {@link #offer} records into a bounded queue and
 * never wait: when the queue is full the record is dropped and counted, with a warning at most
 * every {@link #WARN_EVERY}. Records are written in batches of up to {@code batchSize}: every flush
 * period, and at once when a batch's worth is waiting. A record is taken from the queue only once
 * its call ended at least {@code linger} ago, and its log is read then, on the writer's thread:
 * a container's output can trail its response by a few milliseconds (the agent's {@code CallLog}).
 *
 * <p>Threads: any thread offers; flushes run on the given worker (the scheduler's ticks and a
 * full batch only hand them to it), and {@link #drain} on the closing thread. The {@code pending} batch is owned by whoever holds this object's monitor (every
 * flush is synchronized). A batch that fails because the datastore is unavailable stays pending and
 * is retried on the next flush, while new records wait in the queue (and are dropped, counted,
 * once it is full); the outage is logged once when it begins, once if records are dropped, and
 * once when it ends. A batch refused for another reason is retried one record at a time (stopping,
 * the batch kept, if the datastore goes away meanwhile), and records that still fail are dropped
 * and counted as failed.
 */
final class CallRecordWriter {
  private static final Logger log = LoggerFactory.getLogger(CallRecordWriter.class);
  /** Often enough to be noticed, rarely enough not to flood the log while the datastore is down. */
  static final Duration WARN_EVERY = Duration.ofSeconds(10);

  /** A call's record, and its output to be read when the record is written. */
  record Pending(CallRecord call, CallOutput output) {}

  /** Where batches go: the call store's {@code insert}. */
  @FunctionalInterface
  interface Sink {
    void insert(List<NewCall> batch);
  }

  private final Sink sink;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Executor worker;
  private final ArrayBlockingQueue<Pending> queue;
  private final int batchSize;
  private final Duration linger;
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);
  /** Whether the last write found the datastore unavailable; its warnings are logged once per outage. */
  private final AtomicBoolean outage = new AtomicBoolean();
  private final AtomicBoolean droppingLogged = new AtomicBoolean();
  private final int capacity;
  /** Guarded by this. */
  private final List<NewCall> pending = new ArrayList<>();
  /** pending's size, readable without the monitor (a flush may hold it through a slow write). */
  private volatile int pendingCount;
  private volatile FixedDelay ticks;

  /**
   * @param scheduler ticks the periodic flush
   * @param worker writes: flushes may wait on the datastore, so they never run on the scheduler
   * @param linger how long after a call ended its record waits for trailing output
   */
  CallRecordWriter(Sink sink, InstantSource clock, Scheduler scheduler, Executor worker, int capacity, int batchSize,
      Duration linger) {
    this.sink = sink;
    this.clock = clock;
    this.scheduler = scheduler;
    this.worker = worker;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.capacity = capacity;
    this.batchSize = batchSize;
    this.linger = linger;
  }

  /** Flushes every {@code period} (after the end of the last flush) from now on, until {@link #stop}. */
  void start(Duration period) {
    ticks = new FixedDelay(scheduler, worker, period, period, this::flushSafely).start();
  }

  /** No periodic flush after this (one under way finishes); {@link #drain} writes what is left. */
  void stop() {
    FixedDelay t = ticks;
    if (t != null) {
      t.close();
    }
  }

  /** Queues a record; false (and counted as dropped) when the queue is full. Never blocks. */
  boolean offer(Pending record) {
    if (!queue.offer(record)) {
      long n = dropped.incrementAndGet();
      if (outage.get()) {
        if (droppingLogged.compareAndSet(false, true)) { // once per outage
          log.warn("call record buffer full ({} waiting) while the datastore is unavailable: dropping new records"
              + " until it is back (counted in hearth_call_records_dropped_total, {} so far)", queue.size(), n);
        }
      } else {
        warn("call record queue full ({} waiting): dropped {} records so far; is the datastore slow?", queue.size(), n);
      }
      return false;
    }
    if (queue.size() >= batchSize && flushScheduled.compareAndSet(false, true)) {
      try {
        worker.execute(() -> {
          flushScheduled.set(false);
          flushSafely();
        });
      } catch (RejectedExecutionException e) {
        flushScheduled.set(false); // shutting down: drain() writes it
      }
    }
    return true;
  }

  CallRecords.Stats stats() {
    return new CallRecords.Stats(written.get(), dropped.get(), failed.get(), queue.size() + pendingCount);
  }

  /**
   * Writes what is waiting, a batch at a time; stops early, keeping the batch, when the datastore
   * is unavailable. Returns whether everything waiting was written.
   */
  synchronized boolean flush() {
    return flush(clock.instant().minus(linger));
  }

  /** As {@link #flush()}, taking only records of calls that ended by {@code endedBy}. */
  private synchronized boolean flush(Instant endedBy) {
    while (true) {
      if (pending.isEmpty() && take(endedBy) == 0) {
        return true;
      }
      pendingCount = pending.size();
      try {
        write(pending);
        pending.clear();
        pendingCount = 0;
        if (outage.compareAndSet(true, false)) {
          droppingLogged.set(false);
          log.info("datastore available again: writing the call records held during the outage ({} waiting)",
              queue.size());
        }
      } catch (StoreException.Unavailable e) {
        if (outage.compareAndSet(false, true)) { // once per outage
          log.warn("datastore unavailable: holding call records ({} waiting, up to {}) and retrying every flush: {}",
              pending.size() + queue.size(), capacity, e.getMessage());
        }
        return false;
      }
    }
  }

  /**
   * Writes everything left, for a graceful shutdown, after the worker has stopped. Gives up
   * (logging how many records are lost) when the datastore stays unavailable for three tries.
   */
  void drain() {
    for (int attempt = 0; attempt < 3; attempt++) {
      if (flush(Instant.MAX)) {
        return;
      }
    }
    long lost = queue.size() + pendingCount;
    dropped.addAndGet(lost);
    log.error("{} call records could not be written before shutdown: the datastore is unavailable", lost);
  }

  /**
   * Moves up to a batch of ripe records from the queue to {@code pending}, reading their logs;
   * stops at the first record whose call ended after {@code endedBy} (the queue is in about the
   * order calls ended, so later ones are not ripe either). Only the flushing thread takes.
   */
  private int take(Instant endedBy) {
    int taken = 0;
    Pending head;
    while (taken < batchSize && (head = queue.peek()) != null && !head.call().completedAt().isAfter(endedBy)) {
      Pending p = queue.poll();
      pending.add(new NewCall(p.call(), p.output().text()));
      taken++;
    }
    return taken;
  }

  private void flushSafely() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.error("writing call records failed", e);
    }
  }

  private void write(List<NewCall> batch) {
    try {
      sink.insert(batch);
      written.addAndGet(batch.size());
    } catch (StoreException.Unavailable e) {
      throw e;
    } catch (StoreException e) {
      log.warn("a batch of {} call records was refused ({}); writing them one by one", batch.size(), e.getMessage());
      for (NewCall one : batch) {
        try {
          sink.insert(List.of(one));
          written.incrementAndGet();
        } catch (StoreException.Unavailable single) {
          throw single; // the datastore went away: the batch stays pending (what was written is skipped next time)
        } catch (StoreException single) {
          failed.incrementAndGet();
          log.warn("dropping the record of call {}: {}", one.call().id(), single.getMessage());
        }
      }
    }
  }

  private void warn(String format, Object... args) {
    Instant now = clock.instant();
    Instant last = lastWarning.get();
    if (!now.isBefore(last.plus(WARN_EVERY)) && lastWarning.compareAndSet(last, now)) {
      log.warn(format, args);
    }
  }
}
