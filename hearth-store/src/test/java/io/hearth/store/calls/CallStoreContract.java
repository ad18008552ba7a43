package io.hearth.store.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.store.Cursor;
import io.hearth.store.Fixtures;
import io.hearth.store.Page;
import io.hearth.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call store's conformance suite: batches, lookups, newest-first pages, time filters,
 * retention. Run unchanged against each implementation by a class implementing it ({@link
 * H2CallStoreTest}, {@link PostgresCallStoreTest}, the in-memory store's test in {@code
 * hearth-testkit}).
 */
public interface CallStoreContract {

  /** The store under test; null when its database is not there (the test is skipped). */
  CallStore store();

  Fixtures fx();

  Instant T0 = Instant.parse("2024-05-06T07:00:00.000Z");

  @AfterEach
  default void deleteCalls() {
    if (store() != null) {
      while (store().deleteBefore(Instant.parse("9000-01-01T00:00:00Z"), 1000) > 0) {
        // keep deleting
      }
    }
  }

  private CallRecord call(String fnId, Instant created) {
    return new CallRecord(fx().id(), "app-" + fnId, fnId, "success", created, created.plusMillis(5),
        created.plusMillis(12), Duration.ofNanos(1_234_567), Duration.ZERO, Duration.ofMillis(7), false, null);
  }

  private static NewCall quiet(CallRecord c) {
    return new NewCall(c, "");
  }

  @Test
  default void storesACallAndItsLog() {
    String fn = fx().id();
    CallRecord ok = call(fn, T0);
    CallRecord failed = new CallRecord(fx().id(), "a", fn, "error", T0.plusNanos(1_500_000), null,
        T0.plusSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ZERO, true,
        "container out of memory");
    store().insert(List.of(new NewCall(ok, "line 1\nline 2\n"), quiet(failed)));

    // durations kept to the microsecond, times to the millisecond
    CallRecord expectedOk = new CallRecord(ok.id(), ok.appId(), fn, "success", T0, T0.plusMillis(5),
        T0.plusMillis(12), Duration.ofNanos(1_234_000), Duration.ZERO, Duration.ofMillis(7), false, null);
    assertThat(store().get(ok.id())).contains(expectedOk);
    CallRecord gotFailed = store().get(failed.id()).orElseThrow();
    assertThat(gotFailed.startedAt()).isNull();
    assertThat(gotFailed.createdAt()).isEqualTo(T0.plusMillis(1));
    assertThat(gotFailed.cold()).isTrue();
    assertThat(gotFailed.init()).isEqualTo(Duration.ofMillis(1500));
    assertThat(gotFailed.error()).isEqualTo("container out of memory");

    assertThat(store().log(ok.id())).contains("line 1\nline 2\n");
    assertThat(store().log(failed.id())).contains("");
    assertThat(store().log(fx().id())).isEmpty();
    assertThat(store().get(fx().id())).isEmpty();
  }

  @Test
  default void longErrorsAndLogsAreCut() {
    CallRecord c = new CallRecord(fx().id(), "a", fx().id(), "error", T0, null, T0, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, false, "e".repeat(5000));
    store().insert(List.of(new NewCall(c, "x".repeat(NewCall.MAX_LOG_CHARS + 10))));
    assertThat(store().get(c.id()).orElseThrow().error()).hasSize(CallRecord.MAX_ERROR_CHARS);
    assertThat(store().log(c.id()).orElseThrow()).hasSize(NewCall.MAX_LOG_CHARS);
  }

  @Test
  default void listsAFunctionsCallsNewestFirstAPageAtATime() {
    String fn = fx().id();
    List<NewCall> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(quiet(call(fn, T0.plusSeconds(i))));
    }
    // two calls in the same millisecond: the id breaks the tie
    batch.add(quiet(call(fn, T0.plusSeconds(2))));
    batch.add(quiet(call(fx().id(), T0.plusSeconds(3)))); // another function's
    store().insert(batch);

    List<String> expected = batch.subList(0, 6).stream().map(NewCall::call)
        .sorted((a, b) -> a.createdAt().equals(b.createdAt())
            ? b.id().compareTo(a.id()) : b.createdAt().compareTo(a.createdAt()))
        .map(CallRecord::id).toList();
    List<String> seen = new ArrayList<>();
    CallQuery query = CallQuery.first(fn, 4);
    Page<CallRecord> page = store().list(query);
    page.items().forEach(c -> seen.add(c.id()));
    assertThat(page.nextCursor()).isNotNull();
    page = store().list(query.next(page));
    page.items().forEach(c -> seen.add(c.id()));
    assertThat(page.items()).hasSize(2);
    assertThat(page.nextCursor()).isNull();
    assertThat(seen).containsExactlyElementsOf(expected);

    // pages of exactly the remaining size: a full last page has a cursor, the next page is empty
    Page<CallRecord> all = store().list(CallQuery.first(fn, 6));
    assertThat(all.items()).hasSize(6);
    assertThat(store().list(CallQuery.first(fn, 6).next(all)).items()).isEmpty();
  }

  @Test
  default void filtersByCreationTimeFromInclusiveToExclusive() {
    String fn = fx().id();
    List<NewCall> batch = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      batch.add(quiet(call(fn, T0.plusSeconds(10L * i))));
    }
    store().insert(batch);
    Page<CallRecord> page = store().list(
        new CallQuery(fn, T0.plusSeconds(10), T0.plusSeconds(40), null, 100));
    assertThat(page.items()).extracting(CallRecord::createdAt)
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(20), T0.plusSeconds(10));
    Page<CallRecord> firstOfTwo = store().list(new CallQuery(fn, T0.plusSeconds(10), null, null, 2));
    Page<CallRecord> rest = store().list(new CallQuery(fn, T0.plusSeconds(10), null, null, 2).next(firstOfTwo));
    assertThat(rest.items()).extracting(CallRecord::createdAt)
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(20));
  }

  @Test
  default void filtersByStatusAcrossPages() {
    String fn = fx().id();
    List<NewCall> batch = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      CallRecord c = call(fn, T0.plusSeconds(i));
      String status = i % 2 == 0 ? "error" : "success";
      batch.add(quiet(new CallRecord(c.id(), c.appId(), fn, status, c.createdAt(), c.startedAt(), c.completedAt(),
          c.queue(), c.init(), c.exec(), c.cold(), c.error())));
    }
    store().insert(batch);
    CallQuery errors = new CallQuery(fn, null, null, "error", null, 2);
    Page<CallRecord> first = store().list(errors);
    Page<CallRecord> second = store().list(errors.next(first));
    assertThat(first.items()).extracting(CallRecord::createdAt).containsExactly(T0.plusSeconds(4), T0.plusSeconds(2));
    assertThat(second.items()).extracting(CallRecord::createdAt).containsExactly(T0);
    assertThat(second.nextCursor()).isNull();
    assertThat(store().list(new CallQuery(fn, T0.plusSeconds(2), null, "success", null, 10)).items())
        .extracting(CallRecord::createdAt).containsExactly(T0.plusSeconds(5), T0.plusSeconds(3));
    assertThat(store().list(new CallQuery(fn, null, null, "timeout", null, 10)).items()).isEmpty();
  }

  @Test
  default void deletesTheOldestCallsWithTheirLogs() {
    String fn = fx().id();
    Instant old = Instant.parse("2001-01-01T00:00:00Z");
    List<NewCall> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(new NewCall(call(fn, old.plusSeconds(i)), "log " + i));
    }
    store().insert(batch);
    assertThat(store().deleteBefore(old.plusSeconds(4), 3)).isEqualTo(3);
    assertThat(store().deleteBefore(old.plusSeconds(4), 3)).isEqualTo(1);
    assertThat(store().deleteBefore(old.plusSeconds(4), 3)).isZero();
    assertThat(store().list(CallQuery.first(fn, 10)).items()).extracting(CallRecord::createdAt)
        .containsExactly(old.plusSeconds(4));
    assertThat(store().log(batch.get(0).call().id())).isEmpty();
    assertThat(store().log(batch.get(4).call().id())).contains("log 4");
  }

  @Test
  default void ageIsCountedFromACallsCompletion() {
    String fn = fx().id();
    Instant cutoff = Instant.parse("2001-01-01T00:00:00Z");
    // created before the cutoff, but still running then: kept
    CallRecord longCall = new CallRecord(fx().id(), "a", fn, "success", cutoff.minusSeconds(60), cutoff.minusSeconds(60),
        cutoff.plusSeconds(1), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(61), false, null);
    CallRecord ended = call(fn, cutoff.minusSeconds(30));
    store().insert(List.of(quiet(longCall), new NewCall(ended, "gone")));
    assertThat(store().deleteBefore(cutoff, 10)).isEqualTo(1);
    assertThat(store().get(ended.id())).isEmpty();
    assertThat(store().log(ended.id())).isEmpty();
    assertThat(store().get(longCall.id())).isPresent();
  }

  @Test
  default void aBatchIsStoredWholeOrNotAtAll() {
    String fn = fx().id();
    CallRecord fresh = call(fn, T0.plusSeconds(1));
    CallRecord tooLong = new CallRecord(fx().id(), "a".repeat(65), fn, "success", T0, null, T0, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, false, null); // app_id holds 64 characters
    assertThatThrownBy(() -> store().insert(List.of(new NewCall(fresh, "log"), quiet(tooLong))))
        .isInstanceOf(StoreException.class);
    assertThat(store().get(fresh.id())).isEmpty();
    assertThat(store().log(fresh.id())).isEmpty();
    store().insert(List.of());
  }

  @Test
  default void twoWritersRecordingTheSameCallsAtOnceBothSucceedAndEachCallIsKeptOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      String fn = fx().id();
      List<NewCall> batch = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        batch.add(new NewCall(call(fn, T0.plusMillis(i)), "log " + i));
      }
      // e.g. an lb and a runner each recording the calls of a runner that went away
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        writers.add(Thread.ofVirtual().start(() -> {
          try {
            go.await();
            store().insert(batch);
          } catch (Throwable t) {
            failures.add(t);
          }
        }));
      }
      go.countDown();
      for (Thread t : writers) {
        t.join();
      }
      assertThat(failures).isEmpty();
      assertThat(store().list(CallQuery.first(fn, 100)).items()).hasSize(40);
      assertThat(store().log(batch.get(7).call().id())).contains("log 7");
    }
  }

  @Test
  default void aCallAlreadyRecordedIsKeptAsItWasAndTheRestOfItsBatchIsStored() {
    String fn = fx().id();
    CallRecord first = call(fn, T0); // e.g. an lb's account of a call whose runner went away
    store().insert(List.of(quiet(first)));
    CallRecord fresh = call(fn, T0.plusSeconds(1));
    CallRecord again = new CallRecord(first.id(), first.appId(), fn, "error", T0.plusMillis(3), T0.plusMillis(4),
        T0.plusMillis(9), Duration.ZERO, Duration.ZERO, Duration.ofMillis(5), true, "its runner's account");
    store().insert(List.of(new NewCall(fresh, "fresh log"), new NewCall(again, "the runner's log")));
    assertThat(store().get(fresh.id())).isPresent();
    assertThat(store().log(fresh.id())).contains("fresh log");
    assertThat(store().get(first.id()).orElseThrow().status()).isEqualTo("success");
    assertThat(store().log(first.id())).contains(""); // the log goes with the account that was kept
    store().insert(List.of(new NewCall(again, "once more"), new NewCall(again, "twice in one batch")));
    assertThat(store().get(first.id()).orElseThrow().error()).isNull();
  }

  @Test
  default void aNewCallTwiceInOneBatchIsKeptOnceWithItsFirstAccount() {
    String fn = fx().id();
    CallRecord first = call(fn, T0);
    CallRecord second = new CallRecord(first.id(), first.appId(), fn, "error", T0, null, T0.plusMillis(2),
        Duration.ZERO, Duration.ZERO, Duration.ZERO, false, "the second account");
    CallRecord other = call(fn, T0.plusSeconds(1));
    store().insert(List.of(new NewCall(first, "first log"), new NewCall(other, "other log"),
        new NewCall(second, "second log")));
    assertThat(store().get(first.id()).orElseThrow().status()).isEqualTo("success");
    assertThat(store().log(first.id())).contains("first log");
    assertThat(store().log(other.id())).contains("other log");
    assertThat(store().list(CallQuery.first(fn, 10)).items()).hasSize(2);
  }

  @Test
  default void aCursorFromElsewhereIsRefused() {
    assertThatThrownBy(() -> new CallQuery("f", null, null, "not a cursor!", 10))
        .isInstanceOf(IllegalArgumentException.class);
    String nameCursor = Cursor.encode("some-app", null);
    assertThatThrownBy(() -> new CallQuery("f", null, null, nameCursor, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next_cursor");
  }
}
