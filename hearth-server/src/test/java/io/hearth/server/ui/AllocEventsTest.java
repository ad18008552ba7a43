package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.store.leases.ExecRow;
import io.hearth.store.leases.ExecState;
import io.hearth.testkit.store.InMemoryLeaseStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The alloc events a look at the lease store every second produces. */
class AllocEventsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventHub hub = new EventHub(new ObjectMapper());
  private final EventHub.Subscription events = hub.subscribe();
  private AllocEvents allocEvents;

  @AfterEach
  void close() {
    if (allocEvents != null) {
      allocEvents.close();
    }
  }

  @Test
  void grantRenewalExecChangeAndFreeAreEachAnEvent() throws Exception {
    allocEvents = AllocEvents.start(store, hub);
    store.insertAlloc(AllocRow.active("n1.a1", "n1", "me", Map.of(), Map.of("memory_bytes", 1L << 20), T0,
        T0.plusSeconds(120)));
    assertThat(next()).isEqualTo(Map.of("id", "n1.a1", "state", "active", "owner", "me",
        "expires_at", "2026-01-01T00:02:00.000Z"));

    assertThat(store.keepalive("n1.a1", T0.plusSeconds(60), T0.plusSeconds(360))).isTrue();
    assertThat(next()).containsEntry("expires_at", "2026-01-01T00:06:00.000Z");

    ExecRow exec = ExecRow.pending("e1", "n1.a1", "busybox", List.of("true"), Map.of(), Map.of(), Map.of(), T0);
    store.insertExec(exec);
    assertThat(next()).containsEntry("state", "active");
    store.updateExec(exec.running("c1", T0).finished(ExecState.SUCCEEDED, 0, false, null, T0.plusSeconds(1)));
    assertThat(next()).containsEntry("state", "active");

    assertThat(store.end("n1.a1", AllocState.FREED, T0.plusSeconds(70))).isTrue();
    assertThat(next()).containsEntry("state", "freed");
    assertThat(events.next(Duration.ofMillis(1500))).as("nothing else changed").isNull();
  }

  private Map<String, Object> next() throws Exception {
    EventHub.Event e = events.next(Duration.ofSeconds(10));
    assertThat(e).as("an event within 10 s").isNotNull();
    assertThat(e.type()).isEqualTo("alloc");
    return JSON.readValue(e.json(), new TypeReference<>() {});
  }
}
