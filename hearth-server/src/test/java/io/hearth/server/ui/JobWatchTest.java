package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.store.jobs.JobPatch;
import io.hearth.store.jobs.JobRow;
import io.hearth.testkit.store.InMemoryJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobWatchTest {
  final InMemoryJobStore store = new InMemoryJobStore();
  final EventHub hub = new EventHub(new ObjectMapper());
  final JobWatch watch = new JobWatch(store, hub);

  JobRow queue(String id) {
    JobRow j = JobRow.queued(id, "job-" + id, "busybox:1.36", List.of("true"), Map.of(), Priority.of(500),
        new Constraints(1, 1L << 20, 0, 0), Scheduling.DEFAULT, Map.of(), Instant.parse("2026-12-06T21:00:00Z"));
    store.insert(j);
    return j;
  }

  @Test
  void aNewJobAChangedPriorityAndACancelledJobAreEachOneEvent() throws Exception {
    queue("01A");
    try (EventHub.Subscription events = hub.subscribe()) {
      watch.run(); // the first look: what is there already is no news
      assertThat(events.next(Duration.ZERO)).isNull();
      queue("01B");
      watch.run();
      assertThat(events.next(Duration.ZERO).json()).isEqualTo("{\"id\":\"01B\",\"state\":\"queued\",\"priority\":500}");
      store.update("01A", new JobPatch(Priority.of(900), null, null));
      watch.run();
      assertThat(events.next(Duration.ZERO).json()).isEqualTo("{\"id\":\"01A\",\"state\":\"queued\",\"priority\":900}");
      store.cancel("01B", "cancelled by a test", Instant.parse("2026-12-06T21:00:05Z"));
      watch.run();
      assertThat(events.next(Duration.ZERO).json()).isEqualTo("{\"id\":\"01B\",\"state\":\"cancelled\",\"priority\":500}");
      watch.run();
      assertThat(events.next(Duration.ZERO)).as("no change, no event").isNull();
    }
  }

  @Test
  void aChangeMadeJustAfterAPageSubscribedIsToldThoughTheWatchHadNotLookedSince() throws Exception {
    queue("01C");
    watch.run(); // nobody listens: it reads all the same
    try (EventHub.Subscription page = hub.subscribe()) {
      store.update("01C", new JobPatch(Priority.of(800), null, null)); // before the watch's next look
      watch.run();
      assertThat(page.next(Duration.ZERO).json()).isEqualTo("{\"id\":\"01C\",\"state\":\"queued\",\"priority\":800}");
    }
    store.update("01C", new JobPatch(Priority.of(100), null, null));
    watch.run(); // nobody listens now: nothing published, and nothing to stop the next page hearing of later changes
    try (EventHub.Subscription again = hub.subscribe()) {
      store.update("01C", new JobPatch(Priority.of(200), null, null));
      watch.run();
      assertThat(again.next(Duration.ZERO).json()).contains("\"priority\":200");
      assertThat(again.next(Duration.ZERO)).isNull();
    }
  }
}
