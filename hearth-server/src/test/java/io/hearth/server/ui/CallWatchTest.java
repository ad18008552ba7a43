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
  void theCauseOfAFailureIsItsStatusAndTheFirstWordsOfItsError() {
    Instant t = clock.instant();
    assertThat(CallWatch.cause(call("success", t, Duration.ZERO, null))).isNull();
    assertThat(CallWatch.cause(call("timeout", t, Duration.ZERO, "took longer than 30 s"))).isEqualTo("timeout");
    assertThat(CallWatch.cause(call("error", t, Duration.ZERO, "container exited (code 137); see its log")))
        .isEqualTo("error: container exited");
    assertThat(CallWatch.cause(call("error", t, Duration.ZERO, null))).isEqualTo("error");
  }
}
