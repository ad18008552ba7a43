package io.hearth.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobModelTest {

  @Test
  void priorityIsZeroToAThousandAndZeroHolds() {
    assertThat(Priority.DEFAULT_PRIORITY.value()).isEqualTo(500);
    assertThat(Priority.of(0).onHold()).isTrue();
    assertThat(Priority.of(1).onHold()).isFalse();
    assertThat(Priority.of(1000).value()).isEqualTo(1000);
    assertThatThrownBy(() -> Priority.of(-1)).hasMessageContaining("priority must be between 0 and 1000");
    assertThatThrownBy(() -> Priority.of(1001)).hasMessageContaining("got 1001");
  }

  @Test
  void constraintsNameTheFieldThatIsWrong() {
    assertThat(new Constraints(2, 1L << 30, 0, 1).gpus()).isEqualTo(1);
    assertThatThrownBy(() -> new Constraints(0, 1, 0, 0)).hasMessageContaining("constraints.vcpus");
    assertThatThrownBy(() -> new Constraints(1, 0, 0, 0)).hasMessageContaining("constraints.ram_bytes");
    assertThatThrownBy(() -> new Constraints(1, 1, -1, 0)).hasMessageContaining("constraints.scratch_bytes");
    assertThatThrownBy(() -> new Constraints(1, 1, 0, -1)).hasMessageContaining("constraints.gpus");
  }

  @Test
  void schedulingDefaultsToThreeAttemptsWithoutATimeLimit() {
    assertThat(Scheduling.DEFAULT.maxAttempts()).isEqualTo(3);
    assertThat(Scheduling.DEFAULT.hasRunTimeLimit()).isFalse();
    assertThat(new Scheduling(true, 60, 1).hasRunTimeLimit()).isTrue();
    assertThatThrownBy(() -> new Scheduling(false, -1, 3)).hasMessageContaining("scheduling.max_run_time_secs");
    assertThatThrownBy(() -> new Scheduling(false, 0, 0)).hasMessageContaining("scheduling.max_attempts");
    assertThatThrownBy(() -> new Scheduling(false, 0, 101)).hasMessageContaining("scheduling.max_attempts");
  }

  @Test
  void runtimeStatusCopiesChangeOneField() {
    RuntimeStatus s = RuntimeStatus.EMPTY.withActivity("waiting").withWarning("slow").withError("boom");
    assertThat(s).isEqualTo(new RuntimeStatus("boom", "slow", "waiting"));
    assertThat(AttemptState.ofWire("running").isFinal()).isFalse();
    assertThatThrownBy(() -> AttemptState.ofWire("x")).hasMessageContaining("running, complete or cancelled");
  }
}
