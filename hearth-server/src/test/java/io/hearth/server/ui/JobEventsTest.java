package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hearth.core.job.Constraints;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobPatch;
import io.hearth.store.jobs.JobRow;
import io.hearth.store.jobs.LocalJobSignals;
import io.hearth.store.jobs.SignallingJobStore;
import io.hearth.testkit.store.InMemoryJobStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job events a store's signals produce, through the same signals the dispatcher wakes on. */
class JobEventsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final LocalJobSignals signals = new LocalJobSignals();
  private final SignallingJobStore store = new SignallingJobStore(new InMemoryJobStore(), signals);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventHub hub = new EventHub(new ObjectMapper());
  private final EventHub.Subscription events = hub.subscribe();
  private JobEvents jobEvents;

  @AfterEach
  void close() {
    if (jobEvents != null) {
      jobEvents.close();
    }
    signals.close();
  }

  @Test
  void aJobsLifeIsPublishedStepByStepAndItsEndOnceItLeavesTheQueue() throws Exception {
    store.insert(job("before")); // in the first look: the page loads it, no event
    jobEvents = JobEvents.start(store, signals, hub);
    store.insert(job("j1"));
    assertThat(next()).isEqualTo(Map.of("id", "j1", "state", "queued", "priority", 500));

    store.update("j1", new JobPatch(Priority.of(900), null, null));
    assertThat(next()).isEqualTo(Map.of("id", "j1", "state", "queued", "priority", 900));

    store.lock("j1", "d");
    assertThat(next()).isEqualTo(Map.of("id", "j1", "state", "locked", "priority", 900));
    store.start("j1", "d", "local", AttemptRow.running("j1", 1, "n1", "a1", "x1", T0));
    assertThat(next()).isEqualTo(Map.of("id", "j1", "state", "running", "priority", 900));
    store.complete("j1", "d", 1, 0, T0.plusSeconds(1));
    assertThat(next()).isEqualTo(Map.of("id", "j1", "state", "complete", "priority", 900));

    store.cancel("before", null, T0.plusSeconds(2));
    assertThat(next()).isEqualTo(Map.of("id", "before", "state", "cancelled", "priority", 500));
    assertThat(events.next(Duration.ofMillis(300))).as("nothing else changed").isNull();
  }

  private Map<String, Object> next() throws Exception {
    EventHub.Event e = events.next(Duration.ofSeconds(10));
    assertThat(e).as("an event within 10 s").isNotNull();
    assertThat(e.type()).isEqualTo("job");
    return JSON.readValue(e.json(), new TypeReference<>() {});
  }

  private static JobRow job(String id) {
    return JobRow.queued(id, "n", "busybox:1.36", List.of("true"), Map.of(), Priority.DEFAULT_PRIORITY,
        Constraints.DEFAULT, Scheduling.DEFAULT, Map.of(), T0);
  }
}
