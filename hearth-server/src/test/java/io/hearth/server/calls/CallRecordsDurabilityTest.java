package io.hearth.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallResult;
import io.hearth.store.Database;
import io.hearth.store.DatastoreConfig;
import io.hearth.store.Page;
import io.hearth.store.calls.CallQuery;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.CallStore;
import io.hearth.store.calls.JdbcCallStore;
import io.hearth.store.calls.NewCall;
import io.hearth.testkit.store.InMemoryCallStore;
import io.hearth.testkit.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records survive a graceful shutdown, and the janitor removes expired ones, on the embedded store. */
class CallRecordsDurabilityTest {
  @TempDir Path dataDir;
  /** Time stands still: only full batches and closing write. */
  private final ManualClock clock = new ManualClock();

  private static CallResult result(int i) {
    CallResult.Timings t = new CallResult.Timings(1_000, i % 7 == 0 ? 5_000_000 : 0, 2_000_000);
    return i % 5 == 0
        ? new CallResult.Failed(CallError.FUNCTION_FAILED, "function failed", false, t, CallOutput.NONE)
        : new CallResult.Completed(200, t, text(i % 2 == 0 ? "log of " + i : ""));
  }

  private static List<CallRecord> all(CallStore store, String fnId) {
    List<CallRecord> out = new ArrayList<>();
    CallQuery q = CallQuery.first(fnId, 100);
    Page<CallRecord> page;
    do {
      page = store.list(q);
      out.addAll(page.items());
      if (page.nextCursor() != null) {
        q = q.next(page);
      }
    } while (page.nextCursor() != null);
    return out;
  }

  @Test
  void closingWritesEveryQueuedRecord() {
    DatastoreConfig config = DatastoreConfig.fromUrl("", dataDir);
    int n = 3_000; // more than a batch, and recorded faster than the flush period
    try (Database db = Database.open(config)) {
      CallRecords records = CallRecords.start(new JdbcCallStore(db), clock, clock, true, Duration.ZERO);
      for (int i = 0; i < n; i++) {
        records.record(String.format("call-%05d", i), "app", "fn-durable", result(i));
      }
      records.close();
      assertThat(records.stats().written()).isEqualTo(n);
      assertThat(records.stats().dropped()).isZero();
    }
    try (Database db = Database.open(config)) {
      CallStore reopened = new JdbcCallStore(db);
      List<CallRecord> calls = all(reopened, "fn-durable");
      assertThat(calls).hasSize(n);
      assertThat(calls.stream().filter(c -> c.status().equals("error"))).hasSize(n / 5);
      assertThat(reopened.log("call-00002")).contains("log of 2");
      assertThat(reopened.log("call-00001")).contains("");
    }
  }

  @Test
  void aListenerIsToldOfEachRecordOnceWrittenAndItsFailureLosesNone() {
    DatastoreConfig config = DatastoreConfig.fromUrl("", dataDir);
    int n = 1_200; // batches of 500, 500 and 200
    try (Database db = Database.open(config)) {
      CallStore store = new JdbcCallStore(db);
      CallRecords records = CallRecords.start(store, clock, clock, true, Duration.ZERO);
      List<String> told = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Integer> storedWhenTold = new ArrayList<>();
      records.onWritten(batch -> {
        storedWhenTold.add(all(store, "fn-told").size());
        batch.forEach(c -> told.add(c.id()));
        if (told.size() == 500) {
          throw new IllegalStateException("a listener's own bug");
        }
      });
      for (int i = 0; i < n; i++) {
        records.record(String.format("call-%05d", i), "app", "fn-told", result(i));
      }
      records.close();
      assertThat(told).hasSize(n).doesNotHaveDuplicates();
      assertThat(storedWhenTold).as("told after each batch was stored").containsExactly(500, 1000, 1200);
      assertThat(records.stats().written()).isEqualTo(n);
      assertThat(all(store, "fn-told")).hasSize(n);
    }
  }

  @Test
  void recordingOffRecordsNothing() {
    try (Database db = Database.open(DatastoreConfig.fromUrl("h2:mem:off-" + System.nanoTime(), dataDir))) {
      CallStore store = new JdbcCallStore(db);
      CallRecords records = CallRecords.start(store, clock, clock, false, Duration.ZERO);
      records.record("c1", "a", "fn-off", result(1));
      records.close();
      assertThat(all(store, "fn-off")).isEmpty();
    }
  }

  @Test
  void theJanitorDeletesRecordsOlderThanTheRetention() {
    Instant now = Instant.parse("2025-06-01T12:00:00Z");
    try (Database db = Database.open(DatastoreConfig.fromUrl("h2:mem:janitor-" + System.nanoTime(), dataDir))) {
      CallStore store = new JdbcCallStore(db);
      List<NewCall> batch = new ArrayList<>();
      for (int i = 0; i < RetentionJanitor.CHUNK + 10; i++) {
        batch.add(CallRecords.toRecord("old-" + i, "a", "fn-j", result(i), now.minus(Duration.ofHours(200))));
      }
      batch.add(CallRecords.toRecord("recent", "a", "fn-j", result(1), now.minus(Duration.ofHours(100))));
      store.insert(batch);
      RetentionJanitor janitor = new RetentionJanitor(store, InstantSource.fixed(now), Duration.ofHours(168));
      assertThat(janitor.runOnce()).isEqualTo(RetentionJanitor.CHUNK + 10);
      assertThat(all(store, "fn-j")).extracting(CallRecord::id).containsExactly("recent");
      assertThat(janitor.runOnce()).isZero();
    }
  }

  @Test
  void theNodesSchedulerRunsTheJanitorFirstAfter30sThenEvery10Minutes() throws Exception {
    InMemoryCallStore store = new InMemoryCallStore();
    store.insert(List.of(CallRecords.toRecord("old", "a", "fn-s", result(1), clock.instant().minus(Duration.ofHours(2)))));
    CallRecords records = CallRecords.start(store, clock, clock, false, Duration.ofHours(1));
    try {
      assertThat(clock.pendingDelays()).containsExactly(CallRecords.JANITOR_FIRST);
      clock.advance(CallRecords.JANITOR_FIRST);
      // the sweep runs on the janitor's thread, which arms the next one when it has ended
      clock.awaitScheduledIn(CallRecords.JANITOR_EVERY, Duration.ofSeconds(30));
      assertThat(all(store, "fn-s")).isEmpty();
    } finally {
      records.close();
    }
    assertThat(clock.pending()).isZero();
  }

  private static CallOutput text(String log) {
    return () -> log;
  }
}
