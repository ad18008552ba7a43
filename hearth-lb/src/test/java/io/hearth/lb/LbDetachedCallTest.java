package io.hearth.lb;

import static io.hearth.lb.LbRig.FAST;
import static io.hearth.lb.LbRig.IN_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallResult;
import io.hearth.core.placement.Placer;
import io.hearth.lb.LbRig.Sink;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Detached calls through the lb over real gRPC on 127.0.0.1, with fake agents: answered 202 once
 * started, their end told when the runner finishes, refused when no runner takes them; and who
 * records a call, the runner that committed to it or the lb.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LbDetachedCallTest {
  @RegisterExtension
  final LbRig rig = new LbRig();

  @Test
  void aDetachedCallAnswers202OnceItHasStartedAndRunsOn() throws Exception {
    rig.startRunners(1);
    rig.agents.get(0).mode = "hold";
    Sink sink = new Sink();
    CallResult result = rig.lb(Placer.consistentHash(), FAST)
        .call(rig.request("F1", "later".getBytes(), "Fn-Invoke-Type", "detached"), sink);
    assertThat(result).isInstanceOfSatisfying(CallResult.Completed.class, c -> assertThat(c.status()).isEqualTo(202));
    assertThat(sink.status).isEqualTo(202);
    assertThat(sink.headers.first("Fn-Call-Id")).startsWith("call-");
    assertThat(rig.services.get(0).status().activeCalls()).isEqualTo(1);
    rig.agents.get(0).release();
    LbRig.awaitActive(rig.services.get(0), 0);
    assertThat(rig.services.get(0).status().handled()).isEqualTo(1);
  }

  @Test
  void aStartedDetachedCallReturnsAtTheRunnersCommitAndItsEndIsToldWhenTheRunnerFinishes() throws Exception {
    rig.startRunners(1);
    rig.agents.get(0).mode = "hold";
    CompletableFuture<CallResult> ended = new CompletableFuture<>();
    Optional<CallResult.Failed> refused = rig.lb(Placer.consistentHash(), FAST)
        .start(rig.request("F1", "later".getBytes(), "Fn-Invoke-Type", "detached"), ended::complete);
    assertThat(refused).isEmpty();
    assertThat(rig.services.get(0).status().activeCalls()).isEqualTo(1);
    assertThat(ended).isNotDone(); // held by the function: the call has not ended
    rig.agents.get(0).release();
    assertThat(ended.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(CallResult.Completed.class,
        c -> assertThat(c.status()).isEqualTo(200));
  }

  @Test
  void aDetachedCallNoRunnerTakesIsRefusedAndNeverToldAnEnd() throws Exception {
    rig.startRunners(1);
    rig.agents.get(0).mode = "big";
    CompletableFuture<CallResult> ended = new CompletableFuture<>();
    Optional<CallResult.Failed> refused = rig.lb(Placer.consistentHash(), FAST)
        .start(rig.request("F1", "x".getBytes(), "Fn-Invoke-Type", "detached"), ended::complete);
    assertThat(refused).hasValueSatisfying(f -> assertThat(f.error()).isEqualTo(CallError.TOO_BIG));
    assertThat(ended).isNotDone();
  }

  @Test
  void aRunnerThatRecordsItsCallsSaysSoAndTheLbLeavesThemToIt() throws Exception {
    ConcurrentLinkedQueue<String> recorded = new ConcurrentLinkedQueue<>();
    rig.startRunners(1, (callId, appId, fnId, result) -> recorded.add(callId + " " + fnId));
    LbCaller lb = rig.lb(IN_ORDER, FAST);
    CallResult sync = lb.call(rig.request("F1", "hi".getBytes()), new Sink());
    assertThat(sync).isInstanceOf(CallResult.Completed.class);
    assertThat(sync.recordedElsewhere()).isTrue();
    CallResult detached = lb.call(rig.request("F1", "later".getBytes(), "Fn-Invoke-Type", "detached"), new Sink());
    assertThat(detached.recordedElsewhere()).isTrue();
    LbRig.eventuallyTrue(() -> recorded.size() == 2);
    assertThat(recorded).allMatch(r -> r.endsWith(" F1"));
  }

  @Test
  void aCallAdmittedToARunnersQueueIsTheRunnersEvenWhenItsContainerFailsToStart() throws Exception {
    ConcurrentLinkedQueue<String> recorded = new ConcurrentLinkedQueue<>();
    rig.startRunners(2, (callId, appId, fnId, result) -> recorded.add(callId));
    rig.agents.get(0).mode = "queued-fail"; // committed at admission, before any body read
    CallResult result = rig.lb(IN_ORDER, FAST).call(rig.request("F1", "x".getBytes()), new Sink());
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class,
        f -> assertThat(f.error()).isEqualTo(CallError.INIT_FAILED));
    assertThat(result.recordedElsewhere()).as("the runner committed to it, so it records it").isTrue();
    assertThat(rig.agents.get(1).calls.get()).as("a committed call is never placed again").isZero();
    LbRig.eventuallyTrue(() -> recorded.size() == 1);
  }

  @Test
  void callsOfARunnerThatDoesNotRecordAreTheLbsToRecord() throws Exception {
    rig.startRunners(1);
    CallResult sync = rig.lb(IN_ORDER, FAST).call(rig.request("F1", "hi".getBytes()), new Sink());
    assertThat(sync).isInstanceOf(CallResult.Completed.class);
    assertThat(sync.recordedElsewhere()).isFalse();
  }
}
