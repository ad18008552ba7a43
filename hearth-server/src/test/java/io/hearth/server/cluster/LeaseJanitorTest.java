package io.hearth.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.leases.AllocRow;
import io.hearth.store.leases.AllocState;
import io.hearth.testkit.store.InMemoryLeaseStore;
import io.hearth.testkit.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseJanitorTest {
  @Test
  void allocsThatEndedBeforeTheRetentionAreDeletedInBatchesAndLiveOnesNever() {
    ManualClock clock = new ManualClock();
    InMemoryLeaseStore store = new InMemoryLeaseStore();
    int ended = LeaseJanitor.BATCH + 3;
    for (int i = 0; i < ended; i++) {
      store.insertAlloc(AllocRow.active("n1.E" + i, "n1", "ada", Map.of(), Map.of(), clock.instant(),
          clock.instant().plusSeconds(60)));
      store.end("n1.E" + i, AllocState.FREED, clock.instant());
    }
    store.insertAlloc(AllocRow.active("n1.LIVE", "n1", "ada", Map.of(), Map.of(), clock.instant(),
        clock.instant().plusSeconds(60)));
    LeaseJanitor janitor = new LeaseJanitor(store, clock, clock, Duration.ofHours(1), Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(59));
    assertThat(janitor.runOnce()).as("not past retention yet").isZero();
    clock.advance(Duration.ofMinutes(2));
    assertThat(janitor.runOnce()).isEqualTo(ended);
    assertThat(store.get("n1.E0")).isEmpty();
    assertThat(store.get("n1.LIVE")).isPresent();
  }
}
