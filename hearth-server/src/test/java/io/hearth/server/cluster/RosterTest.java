package io.hearth.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.store.runners.RunnerRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RosterTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(5);

  private static RunnerRow row(String id, long seq, boolean draining, Duration silent) {
    return new RunnerRow(id, "127.0.0.1:" + (9000 + seq), seq, draining, NOW.minusSeconds(3600), NOW.minus(silent));
  }

  @Test
  void liveRunnersAreAskedSilentOnesNamedAndDrainingOnesLeftOut() {
    RunnerRow fresh = row("r1", 1, false, Duration.ofSeconds(1));
    RunnerRow quiet = row("r2", 2, false, Duration.ofSeconds(30));
    RunnerRow leaving = row("r3", 3, true, Duration.ofSeconds(1));
    RunnerRow edge = row("r4", 4, false, TTL);
    Roster r = Roster.of(List.of(fresh, quiet, leaving, edge), NOW, TTL);
    assertThat(r.live()).containsExactly(fresh);
    assertThat(r.silent()).extracting(s -> s.runner().id()).containsExactly("r2", "r4");
    assertThat(r.silent().getFirst().silentFor()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void anIdIsOwnedByTheLongestRegisteredNodeIdThatPrefixesItWithADot() {
    Roster r = Roster.of(List.of(row("n1", 1, false, Duration.ZERO), row("n1.eu", 2, false, Duration.ZERO),
        row("n10", 3, true, Duration.ofHours(1))), NOW, TTL);
    assertThat(r.owner("n1.01JABC")).map(RunnerRow::id).contains("n1");
    assertThat(r.owner("n1.eu.01JABC")).map(RunnerRow::id).contains("n1.eu");
    assertThat(r.owner("n10.01JABC")).as("draining and silent runners are still routed to").map(RunnerRow::id)
        .contains("n10");
    assertThat(r.owner("n2.01JABC")).isEmpty();
    assertThat(r.owner("n1")).isEmpty();
    assertThat(r.owner("n1.")).isEmpty();
    assertThat(Roster.namedNode("n2.01JABC")).isEqualTo("n2");
    assertThat(Roster.namedNode("nodots")).isEqualTo("nodots");
  }
}
