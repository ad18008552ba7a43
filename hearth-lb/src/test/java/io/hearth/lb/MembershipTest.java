package io.hearth.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.store.runners.RunnerRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(5);
  private static final Duration FORGET = Duration.ofHours(1);

  private static RunnerRow row(String id, long seq, boolean draining, Duration silent) {
    return new RunnerRow(id, "127.0.0.1:" + (9000 + seq), seq, draining, NOW.minusSeconds(7200), NOW.minus(silent));
  }

  @Test
  void liveMeansAFreshHeartbeatAndNotDraining() {
    List<Membership.Slot> slots = Membership.slots(List.of(
        row("a", 1, false, Duration.ofSeconds(1)),
        row("b", 2, false, Duration.ofSeconds(5)),
        row("c", 3, true, Duration.ZERO),
        row("d", 4, false, Duration.ofMillis(4999))), NOW, TTL, FORGET);
    assertThat(slots).extracting(Membership.Slot::id).containsExactly("a", "b", "c", "d");
    assertThat(slots).extracting(Membership.Slot::live).containsExactly(true, false, false, true);
  }

  @Test
  void aRunnerSilentForLongIsForgottenAndTheOthersKeepTheirOrder() {
    List<Membership.Slot> slots = Membership.slots(List.of(
        row("a", 1, false, Duration.ZERO),
        row("gone", 2, false, Duration.ofHours(2)),
        row("c", 3, false, Duration.ZERO)), NOW, TTL, FORGET);
    assertThat(slots).extracting(Membership.Slot::id).containsExactly("a", "c");
  }

  @Test
  void aStaticListKeepsItsOrderAndRefusesBadAddresses() {
    assertThat(Membership.fixed(List.of("127.0.0.1:9191", " 127.0.0.1:9190 ", "127.0.0.1:9191")))
        .extracting(Membership.Slot::id).containsExactly("127.0.0.1:9191", "127.0.0.1:9190");
    assertThatThrownBy(() -> Membership.fixed(List.of("127.0.0.1"))).hasMessageContaining("host:port");
  }
}
