package io.hearth.server.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.store.queue.Outcome;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What follows an attempt: retries on 502/503/504 while attempts are left, with back-off; final states. */
class NextStepTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final CallResult.Timings T = new CallResult.Timings(0, 0, 1_000_000);

  private static CallResult completed(int status) {
    return new CallResult.Completed(status, T, CallOutput.NONE);
  }

  private static CallResult failed(CallError error) {
    return new CallResult.Failed(error, error.name().toLowerCase(), false, T, CallOutput.NONE);
  }

  @Test
  void aGatewayStatusIsRetriedWhileAttemptsAreLeft() {
    for (int status : new int[] {502, 503, 504}) {
      assertThat(NextStep.after(completed(status), null, 1, 3, NOW)).isEqualTo(
          new NextStep.Retry(NOW.plusSeconds(1), "the function answered " + status));
      assertThat(NextStep.after(completed(status), null, 3, 3, NOW)).isInstanceOf(NextStep.Finish.class);
    }
  }

  @Test
  void anyOtherAnswerIsASuccessWithItsStatusKept() {
    NextStep.Answer answer = new NextStep.Answer(404, "[]", "nope".getBytes());
    NextStep step = NextStep.after(completed(404), answer, 1, 3, NOW);
    Outcome o = ((NextStep.Finish) step).outcome();
    assertThat(o.state()).isEqualTo("success");
    assertThat(o.status()).isEqualTo(404);
    assertThat(new String(o.body())).isEqualTo("nope");
  }

  @Test
  void aTimeoutOnTheLastAttemptEndsAsTimeoutAndOtherFailuresAsError() {
    assertThat(NextStep.after(failed(CallError.TIMED_OUT), null, 1, 2, NOW)).isInstanceOf(NextStep.Retry.class);
    Outcome timeout = ((NextStep.Finish) NextStep.after(failed(CallError.TIMED_OUT), null, 2, 2, NOW)).outcome();
    assertThat(timeout.state()).isEqualTo("timeout");
    assertThat(timeout.error()).contains("attempt 2 of 2");
    Outcome tooBig = ((NextStep.Finish) NextStep.after(failed(CallError.TOO_BIG), null, 1, 3, NOW)).outcome();
    assertThat(tooBig.state()).isEqualTo("error");
  }

  @Test
  void theBackOffDoublesUpToAMinute() {
    assertThat(NextStep.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(NextStep.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(NextStep.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(NextStep.backoff(10)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theCaptureKeepsTheAnswerUpToItsLimitAndSaysWhenItCut() throws Exception {
    AnswerCapture capture = new AnswerCapture(4);
    try (OutputStream out = capture.commit(200, new Headers().add("Content-Type", "text/plain"), 10)) {
      out.write("0123456789".getBytes());
    }
    NextStep.Answer a = capture.answer();
    assertThat(new String(a.body())).isEqualTo("0123");
    assertThat(HeaderJson.read(a.headers()).first("Hearth-Result-Truncated")).isEqualTo("true");
    assertThat(HeaderJson.read(a.headers()).first("Content-Type")).isEqualTo("text/plain");
    assertThat(new AnswerCapture(4).answer()).as("never answered").isNull();
  }
}
