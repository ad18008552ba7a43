package io.hearth.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallResult;
import io.hearth.store.calls.CallRecord;
import io.hearth.store.calls.NewCall;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a finished call becomes a record: status, times counted back from the end, error, log. */
class CallRecordsTest {
  private static final Instant END = Instant.parse("2025-03-04T05:06:07.890Z");

  @Test
  void aWarmSuccessStartedAfterItsQueueTime() {
    CallResult r = new CallResult.Completed(200, new CallResult.Timings(2_000_000, 0, 5_000_000), text("hello\n"));
    NewCall n = CallRecords.toRecord("c1", "a1", "f1", r, END);
    CallRecord c = n.call();
    assertThat(c.status()).isEqualTo("success");
    assertThat(c.completedAt()).isEqualTo(END);
    assertThat(c.createdAt()).isEqualTo(END.minusMillis(7));
    assertThat(c.startedAt()).isEqualTo(END.minusMillis(5));
    assertThat(c.queue()).isEqualTo(Duration.ofMillis(2));
    assertThat(c.exec()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.cold()).isFalse();
    assertThat(c.error()).isNull();
    assertThat(n.log()).isEqualTo("hello\n");
  }

  @Test
  void aColdCallStartsAfterItsContainerDid() {
    CallResult r = new CallResult.Completed(200, new CallResult.Timings(1_000_000, 800_000_000, 3_000_000), CallOutput.NONE);
    CallRecord c = CallRecords.toRecord("c", "a", "f", r, END).call();
    assertThat(c.cold()).isTrue();
    assertThat(c.startedAt()).isEqualTo(END.minusMillis(3));
    assertThat(c.createdAt()).isEqualTo(END.minusMillis(804));
  }

  @Test
  void aCallThatNeverRanHasNoStartTime() {
    CallResult r = new CallResult.Failed(CallError.INIT_TIMED_OUT, CallError.INIT_TIMED_OUT.message(), false,
        new CallResult.Timings(3_000_000_000L, 0, 0), CallOutput.NONE);
    CallRecord c = CallRecords.toRecord("c", "a", "f", r, END).call();
    assertThat(c.status()).isEqualTo("timeout");
    assertThat(c.startedAt()).isNull();
    assertThat(c.createdAt()).isEqualTo(END.minusSeconds(3));
    assertThat(c.error()).startsWith("Container initialization timed out");
  }

  @Test
  void statusesFollowHowTheCallEnded() {
    assertThat(CallStatus.of(CallError.TIMED_OUT)).isEqualTo("timeout");
    assertThat(CallStatus.of(CallError.INIT_TIMED_OUT)).isEqualTo("timeout");
    assertThat(CallStatus.of(CallError.PULL_TIMED_OUT)).isEqualTo("timeout");
    assertThat(CallStatus.of(CallError.OUT_OF_MEMORY)).isEqualTo("error");
    assertThat(CallStatus.of(CallError.FUNCTION_FAILED)).isEqualTo("error");
    assertThat(CallStatus.of(CallError.EXITED)).isEqualTo("error");
    assertThat(CallStatus.of(CallError.INIT_FAILED)).isEqualTo("error");
    assertThat(CallStatus.of(CallError.TOO_BUSY)).isEqualTo("rejected");
    assertThat(CallStatus.of(CallError.REQUEST_TOO_LARGE)).isEqualTo("rejected");
    assertThat(CallStatus.of(CallError.CLIENT_GONE)).isEqualTo("cancelled");
    CallResult oom = new CallResult.Failed(CallError.OUT_OF_MEMORY, CallError.OUT_OF_MEMORY.message(), false,
        new CallResult.Timings(0, 0, 9), CallOutput.NONE);
    CallRecord c = CallRecords.toRecord("c", "a", "f", oom, END).call();
    assertThat(c.status()).isEqualTo("error");
    assertThat(c.error()).contains("out of memory");
  }

  @Test
  void durationsInJsonAreMillisecondsToTheMicrosecond() {
    assertThat(CallJson.millis(Duration.ofNanos(412_999))).isEqualTo(0.412);
    assertThat(CallJson.millis(Duration.ofMillis(1500))).isEqualTo(1500.0);
    assertThat(CallJson.millis(Duration.ZERO)).isEqualTo(0.0);
  }

  private static CallOutput text(String log) {
    return () -> log;
  }
}
