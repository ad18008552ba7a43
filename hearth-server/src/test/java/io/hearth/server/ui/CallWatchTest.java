package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.store.TestDatabase;
import io.hearth.store.calls.CallFeed;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.JdbcCallStore;
import io.hearth.store.calls.NewCall;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The call watch on a real (embedded H2) datastore, as every node reads it: records written by any writer. */
class CallWatchTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.h2();

  final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T21:00:00Z"));
  final EventHub hub = new EventHub(new ObjectMapper());
  final Timeline timeline = new Timeline(new Random(1));
  int seq;

  @BeforeEach
  void noCallsYet() {
    // one datastore for the class, and a watch reads every call after its start: each test begins empty
    DB.database().update("DELETE FROM calls", ps -> { }, e -> {
      throw new IllegalStateException(e);
    });
  }

  CallRecord call(String status, Instant created, Duration took, String error) {
    return new CallRecord("c" + (seq++) + "-" + System.nanoTime(), "app", "fn", status, created, created,
        created.plus(took), Duration.ZERO, Duration.ZERO, took, false, error);
  }

  void write(CallRecord... calls) {
    List<NewCall> batch = new ArrayList<>();
    for (CallRecord c : calls) {
      batch.add(new NewCall(c, ""));
    }
    new JdbcCallStore(DB.database()).insert(batch);
  }

  @Test
  void newRecordsBecomeEventsOnceEachAndLateOnesWithinTheLookbackAreSeen() throws Exception {
    Instant t0 = clock.instant();
    write(call("success", t0.minusSeconds(60), Duration.ofMillis(20), null)); // before the watch: timeline only
    CallWatch watch = new CallWatch(new CallFeed(DB.database()), hub, timeline, clock);
    try (EventHub.Subscription events = hub.subscribe()) {
      assertThat(watch.look()).isEqualTo(1);
      assertThat(events.next(Duration.ZERO)).as("the first look fills the timeline without events").isNull();

      clock.advance(Duration.ofSeconds(1));
      CallRecord a = call("success", clock.instant().minusMillis(30), Duration.ofMillis(25), null);
      write(a);
      assertThat(watch.look()).isEqualTo(1);
      EventHub.Event e = events.next(Duration.ZERO);
      assertThat(e.type()).isEqualTo("call");
      assertThat(e.json()).contains("\"call_id\":\"" + a.id() + "\"", "\"status\":\"success\"", "\"fn_id\":\"fn\"");
      assertThat(watch.look()).as("seen: not again").isZero();

      // written after a later one, completed 3 s before it (a batch from a slower writer)
      clock.advance(Duration.ofSeconds(1));
      CallRecord newer = call("success", clock.instant().minusMillis(20), Duration.ofMillis(10), null);
      write(newer);
      watch.look();
      events.next(Duration.ZERO);
      CallRecord late = call("error", clock.instant().minusSeconds(4), Duration.ofMillis(10), "function failed: boom");
      write(late);
      assertThat(watch.look()).isEqualTo(1);
      assertThat(events.next(Duration.ZERO).json()).contains(late.id());
    }
    assertThat(timeline.points(clock.instant()).stream().mapToInt(Timeline.Point::calls).sum()).isEqualTo(4);
    assertThat(timeline.errorsByCause(clock.instant())).containsEntry("error: function failed", 1);
  }

  @Test
  void aPushedWatchReadsTheStoreOnceThenOnlyWhatTheWriterHandsIt() throws Exception {
    Instant t0 = clock.instant();
    CallRecord before = call("success", t0.minusSeconds(60), Duration.ofMillis(20), null);
    write(before);
    CallWatch watch = CallWatch.pushed(new CallFeed(DB.database()), hub, timeline, clock);
    watch.written(List.of(before)); // handed over before the first look, which reads it anyway
    try (EventHub.Subscription events = hub.subscribe()) {
      assertThat(watch.look()).as("the first look reads the store").isEqualTo(1);
      assertThat(events.next(Duration.ZERO)).isNull();

      clock.advance(Duration.ofSeconds(1));
      CallRecord readAndHanded = call("success", clock.instant().minusMillis(30), Duration.ofMillis(25), null);
      write(readAndHanded);
      CallRecord handed = call("error", clock.instant().minusMillis(10), Duration.ofMillis(5), "function failed: x");
      watch.written(List.of(readAndHanded, handed)); // as the writer does, after writing its batch
      assertThat(watch.look()).isEqualTo(2);
      assertThat(events.next(Duration.ZERO).json()).contains(readAndHanded.id());
      assertThat(events.next(Duration.ZERO).json()).contains(handed.id(), "\"status\":\"error\"");

      clock.advance(Duration.ofSeconds(1));
      write(call("success", clock.instant().minusMillis(30), Duration.ofMillis(25), null)); // another writer's
      assertThat(watch.look()).as("nothing read back once caught up").isZero();
      assertThat(events.next(Duration.ZERO)).isNull();
    }
    assertThat(timeline.points(clock.instant()).stream().mapToInt(Timeline.Point::calls).sum()).isEqualTo(3);
  }

  @Test
  void aPushedWatchKeepsReadingUntilItHasCaughtUpWithALongHistory() {
    Instant t0 = clock.instant();
    int stored = CallWatch.PAGE * CallWatch.PAGES + 3; // more than one look reads
    List<CallRecord> old = new ArrayList<>();
    for (int i = 0; i < stored; i++) {
      old.add(call("success", t0.minusSeconds(600).plusMillis(i), Duration.ofMillis(1), null));
    }
    write(old.toArray(CallRecord[]::new));
    CallWatch watch = CallWatch.pushed(new CallFeed(DB.database()), hub, timeline, clock);
    assertThat(watch.look()).isEqualTo(CallWatch.PAGE * CallWatch.PAGES);
    clock.advance(Duration.ofSeconds(1));
    assertThat(watch.look()).as("the rest is read, not left out for the writer's batches").isEqualTo(3);
  }

  @Test
  void aPushedWatchHoldsAtMostItsInboxBetweenLooks() {
    CallWatch watch = CallWatch.pushed(new CallFeed(DB.database()), hub, timeline, clock);
    watch.look();
    List<CallRecord> many = new ArrayList<>();
    for (int i = 0; i < CallWatch.INBOX + 10; i++) {
      many.add(call("success", clock.instant(), Duration.ZERO, null));
    }
    watch.written(many.subList(0, 100));
    watch.written(many.subList(100, many.size()));
    assertThat(watch.look()).isEqualTo(CallWatch.INBOX);
  }

  @Test
  void theCauseOfAFailureIsItsStatusAndTheFirstWordsOfItsError() {
    Instant t = clock.instant();
    assertThat(CallWatch.cause(call("success", t, Duration.ZERO, null))).isNull();
    assertThat(CallWatch.cause(call("timeout", t, Duration.ZERO, "took longer than 30 s"))).isEqualTo("timeout");
    assertThat(CallWatch.cause(call("error", t, Duration.ZERO, "container exited (code 137); see its log")))
        .isEqualTo("error: container exited");
    assertThat(CallWatch.cause(call("error", t, Duration.ZERO, null))).isEqualTo("error");
  }
}
