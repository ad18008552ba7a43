package io.hearth.core.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallOutputTest {

  @Test
  void onlyTheRecordedElsewhereOutputSaysTheCallIsRecordedElsewhere() {
    CallResult.Timings t = new CallResult.Timings(0, 0, 0);
    CallOutput captured = () -> "hello\n";

    assertThat(new CallResult.Completed(200, t, captured).recordedElsewhere()).isFalse();
    assertThat(new CallResult.Completed(200, t, CallOutput.NONE).recordedElsewhere()).isFalse();
    CallResult elsewhere = new CallResult.Failed(CallError.RECEIVE_FAILED, "m", true, t,
        new CallOutput.RecordedElsewhere());
    assertThat(elsewhere.recordedElsewhere()).isTrue();
    assertThat(elsewhere.log()).isEmpty();
  }
}
