package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Call records and logs: batches, lookups, newest-first pages, time filters, retention. */
interface CallContract extends StoreContract {

  Instant T0 = Instant.parse("2024-05-06T07:00:00.000Z");

  @AfterEach
  default void deleteCalls() {
    if (store() != null) {
      while (store().deleteCallsBefore(Instant.parse("9000-01-01T00:00:00Z"), 1000) > 0) {
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
    store().insertCalls(List.of(new NewCall(ok, "line 1\nline 2\n"), quiet(failed)));

    // durations kept to the microsecond, times to the millisecond
    CallRecord expectedOk = new CallRecord(ok.id(), ok.appId(), fn, "success", T0, T0.plusMillis(5),
        T0.plusMillis(12), Duration.ofNanos(1_234_000), Duration.ZERO, Duration.ofMillis(7), false, null);
    assertThat(store().getCall(ok.id())).contains(expectedOk);
    CallRecord gotFailed = store().getCall(failed.id()).orElseThrow();
    assertThat(gotFailed.startedAt()).isNull();
    assertThat(gotFailed.createdAt()).isEqualTo(T0.plusMillis(1));
    assertThat(gotFailed.cold()).isTrue();
    assertThat(gotFailed.init()).isEqualTo(Duration.ofMillis(1500));
    assertThat(gotFailed.error()).isEqualTo("container out of memory");

    assertThat(store().getCallLog(ok.id())).contains("line 1\nline 2\n");
    assertThat(store().getCallLog(failed.id())).contains("");
    assertThat(store().getCallLog(fx().id())).isEmpty();
    assertThat(store().getCall(fx().id())).isEmpty();
  }

  @Test
  default void longErrorsAndLogsAreCut() {
    CallRecord c = new CallRecord(fx().id(), "a", fx().id(), "error", T0, null, T0, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, false, "e".repeat(5000));
    store().insertCalls(List.of(new NewCall(c, "x".repeat(NewCall.MAX_LOG_CHARS + 10))));
    assertThat(store().getCall(c.id()).orElseThrow().error()).hasSize(CallRecord.MAX_ERROR_CHARS);
    assertThat(store().getCallLog(c.id()).orElseThrow()).hasSize(NewCall.MAX_LOG_CHARS);
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
    store().insertCalls(batch);

    List<String> expected = batch.subList(0, 6).stream().map(NewCall::call)
        .sorted((a, b) -> a.createdAt().equals(b.createdAt())
            ? b.id().compareTo(a.id()) : b.createdAt().compareTo(a.createdAt()))
        .map(CallRecord::id).toList();
    List<String> seen = new ArrayList<>();
    CallQuery query = CallQuery.first(fn, 4);
    Page<CallRecord> page = store().listCalls(query);
    page.items().forEach(c -> seen.add(c.id()));
    assertThat(page.nextCursor()).isNotNull();
    page = store().listCalls(query.next(page));
    page.items().forEach(c -> seen.add(c.id()));
    assertThat(page.items()).hasSize(2);
    assertThat(page.nextCursor()).isNull();
    assertThat(seen).containsExactlyElementsOf(expected);

    // pages of exactly the remaining size: a full last page has a cursor, the next page is empty
    Page<CallRecord> all = store().listCalls(CallQuery.first(fn, 6));
    assertThat(all.items()).hasSize(6);
    assertThat(store().listCalls(CallQuery.first(fn, 6).next(all)).items()).isEmpty();
  }

  @Test
  default void filtersByCreationTimeFromInclusiveToExclusive() {
    String fn = fx().id();
    List<NewCall> batch = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      batch.add(quiet(call(fn, T0.plusSeconds(10L * i))));
    }
    store().insertCalls(batch);
    Page<CallRecord> page = store().listCalls(
        new CallQuery(fn, T0.plusSeconds(10), T0.plusSeconds(40), null, 100));
    assertThat(page.items()).extracting(CallRecord::createdAt)
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(20), T0.plusSeconds(10));
    Page<CallRecord> firstOfTwo = store().listCalls(new CallQuery(fn, T0.plusSeconds(10), null, null, 2));
    Page<CallRecord> rest = store().listCalls(new CallQuery(fn, T0.plusSeconds(10), null, null, 2).next(firstOfTwo));
    assertThat(rest.items()).extracting(CallRecord::createdAt)
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(20));
  }

  @Test
  default void deletesTheOldestCallsWithTheirLogs() {
    String fn = fx().id();
    Instant old = Instant.parse("2001-01-01T00:00:00Z");
    List<NewCall> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(new NewCall(call(fn, old.plusSeconds(i)), "log " + i));
    }
    store().insertCalls(batch);
    assertThat(store().deleteCallsBefore(old.plusSeconds(4), 3)).isEqualTo(3);
    assertThat(store().deleteCallsBefore(old.plusSeconds(4), 3)).isEqualTo(1);
    assertThat(store().deleteCallsBefore(old.plusSeconds(4), 3)).isZero();
    assertThat(store().listCalls(CallQuery.first(fn, 10)).items()).extracting(CallRecord::createdAt)
        .containsExactly(old.plusSeconds(4));
    assertThat(store().getCallLog(batch.get(0).call().id())).isEmpty();
    assertThat(store().getCallLog(batch.get(4).call().id())).contains("log 4");
  }

  @Test
  default void aBatchIsStoredWholeOrNotAtAll() {
    String fn = fx().id();
    CallRecord fresh = call(fn, T0.plusSeconds(1));
    CallRecord tooLong = new CallRecord(fx().id(), "a".repeat(65), fn, "success", T0, null, T0, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, false, null); // app_id holds 64 characters
    assertThatThrownBy(() -> store().insertCalls(List.of(new NewCall(fresh, "log"), quiet(tooLong))))
        .isInstanceOf(StoreException.class);
    assertThat(store().getCall(fresh.id())).isEmpty();
    assertThat(store().getCallLog(fresh.id())).isEmpty();
    store().insertCalls(List.of());
  }

  @Test
  default void aCallAlreadyRecordedIsKeptAsItWasAndTheRestOfItsBatchIsStored() {
    String fn = fx().id();
    CallRecord first = call(fn, T0); // e.g. an lb's account of a call whose runner went away
    store().insertCalls(List.of(quiet(first)));
    CallRecord fresh = call(fn, T0.plusSeconds(1));
    CallRecord again = new CallRecord(first.id(), first.appId(), fn, "error", T0.plusMillis(3), T0.plusMillis(4),
        T0.plusMillis(9), Duration.ZERO, Duration.ZERO, Duration.ofMillis(5), true, "its runner's account");
    store().insertCalls(List.of(new NewCall(fresh, "fresh log"), new NewCall(again, "the runner's log")));
    assertThat(store().getCall(fresh.id())).isPresent();
    assertThat(store().getCallLog(fresh.id())).contains("fresh log");
    assertThat(store().getCall(first.id()).orElseThrow().status()).isEqualTo("success");
    assertThat(store().getCallLog(first.id())).contains(""); // the log goes with the account that was kept
    store().insertCalls(List.of(new NewCall(again, "once more"), new NewCall(again, "twice in one batch")));
    assertThat(store().getCall(first.id()).orElseThrow().error()).isNull();
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
