package io.hearth.store.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows' own rules, without a store. */
class LeaseRowsTest {

  private static final Instant T0 = Instant.parse("2024-05-06T09:00:00Z");

  @Test
  void anAllocHasAnEndExactlyWhenItsStateIsFinal() {
    assertThatThrownBy(() -> new AllocRow("n.a", "n", "o", Map.of(), Map.of(), AllocState.FREED, T0, T0, T0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ended_at must be set");
    assertThatThrownBy(() -> new AllocRow("n.a", "n", "o", Map.of(), Map.of(), AllocState.EXPIRED, T0, T0, T0, T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ended_at must be null");
    assertThat(new AllocRow("n.a", "n", "o", Map.of(), Map.of(), AllocState.RECLAIMED, T0, T0, T0, T0).ended()).isTrue();
  }

  @Test
  void resourcesAreWholeNumbersOfAtLeastZeroAndTheRowsKeepTheirOwnCopies() {
    assertThatThrownBy(() -> AllocRow.active("n.a", "n", "o", Map.of(), Map.of("gpus", -1L), T0, T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpus");
    Map<String, Long> resources = new HashMap<>(Map.of("memory_bytes", 1L));
    AllocRow a = AllocRow.active("n.a", "n", "o", Map.of(), resources, T0, T0);
    resources.put("gpus", 4L);
    assertThat(a.resources()).isEqualTo(Map.of("memory_bytes", 1L));
    assertThatThrownBy(() -> a.resources().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anExecHasAFinishExactlyWhenItsStateIsFinal() {
    ExecRow x = ExecRow.pending("x", "n.a", "img", List.of("true"), Map.of(), Map.of(), Map.of(), T0);
    assertThatThrownBy(() -> x.finished(ExecState.RUNNING, null, false, null, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExecRow("x", "n.a", "img", List.of(), Map.of(), Map.of(), Map.of(),
        ExecState.SUCCEEDED, null, 0, false, null, T0, T0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finished_at must be set");
    ExecRow done = x.running("c", T0.plusSeconds(1)).finished(ExecState.SUCCEEDED, 0, false, null, T0.plusSeconds(2));
    assertThat(done.containerId()).isEqualTo("c");
    assertThat(done.startedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(ExecState.ofWire(done.state().wire())).isEqualTo(ExecState.SUCCEEDED);
  }

  @Test
  void anExecBelongsToTheAllocItIsListedWith() {
    AllocRow a = AllocRow.active("n.a", "n", "o", Map.of(), Map.of(), T0, T0);
    ExecRow other = ExecRow.pending("x", "n.b", "img", List.of(), Map.of(), Map.of(), Map.of(), T0);
    assertThatThrownBy(() -> new AllocRecord(a, List.of(other))).isInstanceOf(IllegalArgumentException.class);
  }
}
