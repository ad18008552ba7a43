package io.hearth.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.NewCall;
import io.hearth.store.StoreException;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Batching, dropping when full, retrying while the datastore is down, isolating bad records. */
class CallRecordWriterTest {
  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
  private final ManualClock scheduler = new ManualClock();
  /** Work handed to the writer's worker, run when a test says. */
  private final Queue<Runnable> handed = new ConcurrentLinkedQueue<>();
  private final Executor worker = handed::add;
  private final List<List<NewCall>> batches = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean down;
  private volatile String poison;

  private void sink(List<NewCall> batch) {
    if (down) {
      throw new StoreException.Unavailable("connection refused", null);
    }
    if (poison != null && batch.stream().anyMatch(n -> n.call().id().equals(poison))) {
      throw new StoreException.Conflict("A call with one of these ids is already recorded");
    }
    batches.add(List.copyOf(batch));
  }

  private CallRecordWriter writer(int capacity, int batchSize, Duration linger) {
    return new CallRecordWriter(this::sink, InstantSource.fixed(T), scheduler, worker, capacity, batchSize, linger);
  }

  private static CallRecordWriter.Pending record(int i) {
    return new CallRecordWriter.Pending(new CallRecord("c" + i, "a", "f", "success", T, T, T, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, false, null), () -> "log " + i);
  }

  /** Runs what was handed to the worker; returns how many tasks. */
  private int runHanded() {
    int n = 0;
    Runnable r;
    while ((r = handed.poll()) != null) {
      r.run();
      n++;
    }
    return n;
  }

  private int written() {
    synchronized (batches) {
      return batches.stream().mapToInt(List::size).sum();
    }
  }

  @Test
  void writesInBatchesOfAtMostTheBatchSize() {
    CallRecordWriter w = new CallRecordWriter(this::sink, InstantSource.fixed(T), scheduler, worker, 100, 10, Duration.ZERO);
    for (int i = 0; i < 25; i++) {
      w.offer(record(i));
    }
    w.drain();
    assertThat(written()).isEqualTo(25);
    assertThat(batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(10));
    assertThat(w.stats()).isEqualTo(new CallRecords.Stats(25, 0, 0, 0));
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingForThePeriod() {
    CallRecordWriter w = writer(100, 5, Duration.ZERO);
    w.start(Duration.ofMillis(100));
    for (int i = 0; i < 4; i++) {
      w.offer(record(i));
    }
    assertThat(handed).isEmpty();
    w.offer(record(4));
    assertThat(runHanded()).isEqualTo(1); // handed over at once, with no time passing
    assertThat(written()).isEqualTo(5);
  }

  @Test
  void thePeriodicFlushWritesAPartialBatch() {
    CallRecordWriter w = writer(100, 50, Duration.ZERO);
    w.start(Duration.ofMillis(20));
    w.offer(record(1));
    scheduler.advance(Duration.ofMillis(19));
    assertThat(handed).isEmpty();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(written()).isZero(); // the tick only hands the flush to the worker
    assertThat(runHanded()).isEqualTo(1);
    assertThat(written()).isEqualTo(1);
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(20)); // the next, after this one ended
  }

  @Test
  void stoppingEndsThePeriodicFlush() {
    CallRecordWriter w = writer(100, 50, Duration.ZERO);
    w.start(Duration.ofMillis(20));
    w.stop();
    w.offer(record(1));
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(handed).isEmpty();
    w.drain();
    assertThat(written()).isEqualTo(1);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() {
    down = true;
    CallRecordWriter w = new CallRecordWriter(this::sink, InstantSource.fixed(T), scheduler, worker, 3, 100, Duration.ZERO);
    for (int i = 0; i < 5; i++) {
      w.offer(record(i));
    }
    assertThat(w.stats().dropped()).isEqualTo(2);
    assertThat(w.stats().queued()).isEqualTo(3);
  }

  @Test
  void anUnavailableDatastoreKeepsTheBatchForTheNextFlush() {
    down = true;
    CallRecordWriter w = new CallRecordWriter(this::sink, InstantSource.fixed(T), scheduler, worker, 100, 10, Duration.ZERO);
    for (int i = 0; i < 15; i++) {
      w.offer(record(i));
    }
    assertThat(w.flush()).isFalse();
    assertThat(w.stats().queued()).isEqualTo(15);
    down = false;
    assertThat(w.flush()).isTrue();
    assertThat(written()).isEqualTo(15);
    assertThat(w.stats()).isEqualTo(new CallRecords.Stats(15, 0, 0, 0));
  }

  @Test
  void aRefusedBatchIsRetriedOneByOneAndOnlyTheBadRecordIsDropped() {
    poison = "c3";
    CallRecordWriter w = new CallRecordWriter(this::sink, InstantSource.fixed(T), scheduler, worker, 100, 10, Duration.ZERO);
    for (int i = 0; i < 6; i++) {
      w.offer(record(i));
    }
    w.drain();
    assertThat(written()).isEqualTo(5);
    assertThat(w.stats().failed()).isEqualTo(1);
    assertThat(w.stats().written()).isEqualTo(5);
  }

  @Test
  void aRecordWaitsForItsCallsTrailingOutputAndItsLogIsReadThen() {
    java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(T);
    CallRecordWriter w = new CallRecordWriter(this::sink, now::get, scheduler, worker, 100, 10, Duration.ofMillis(60));
    String[] output = {"early"};
    w.offer(new CallRecordWriter.Pending(record(1).call(), () -> output[0]));
    assertThat(w.flush()).isTrue();
    assertThat(written()).isZero(); // ended 0 ms ago: output may still be arriving
    output[0] = "early and late";
    now.set(T.plusMillis(60));
    w.flush();
    assertThat(batches).singleElement().satisfies(b -> assertThat(b.getFirst().log()).isEqualTo("early and late"));
  }

  @Test
  void closingWritesRecordsWithoutWaitingForTheLinger() {
    CallRecordWriter w = new CallRecordWriter(this::sink, InstantSource.fixed(T), scheduler, worker, 100, 10,
        Duration.ofMinutes(1));
    w.offer(record(1));
    w.drain();
    assertThat(written()).isEqualTo(1);
    assertThat(batches.getFirst().getFirst().log()).isEqualTo("log 1");
  }

  @Test
  void drainGivesUpAndCountsTheLossWhenTheDatastoreStaysDown() {
    down = true;
    CallRecordWriter w = new CallRecordWriter(this::sink, InstantSource.fixed(T), scheduler, worker, 100, 10, Duration.ZERO);
    for (int i = 0; i < 4; i++) {
      w.offer(record(i));
    }
    w.drain();
    assertThat(w.stats().dropped()).isEqualTo(4);
  }
}
