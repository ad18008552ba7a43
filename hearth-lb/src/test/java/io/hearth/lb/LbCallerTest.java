package io.hearth.lb;

import static io.hearth.lb.LbRig.APP;
import static io.hearth.lb.LbRig.FAST;
import static io.hearth.lb.LbRig.IN_ORDER;
import static io.hearth.lb.LbRig.fn;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.placement.Placer;
import io.hearth.core.placement.PlacerConfig;
import io.hearth.core.placement.RunnerView;
import io.hearth.core.status.NodeStatus;
import io.hearth.lb.LbRig.Sink;
import io.hearth.protocol.FromRunner;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.ToRunner;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runner protocol end to end over real gRPC on 127.0.0.1, with fake agents: bodies both ways,
 * refusals and walking on, the placer timeout, draining, runners dying before and after they
 * commit, status, the pool's view. Detached calls and who records a call: {@link LbDetachedCallTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LbCallerTest {
  @RegisterExtension
  final LbRig rig = new LbRig();

  @Test
  void aLargeBodyGoesToTheRunnerAndItsAnswerComesBackWhole() throws Exception {
    rig.startRunners(1);
    byte[] body = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(body);
    Sink sink = new Sink();
    CallResult result = rig.lb(Placer.consistentHash(), FAST).call(rig.request("F1", body), sink);
    assertThat(result).isInstanceOf(CallResult.Completed.class);
    assertThat(sink.status).isEqualTo(200);
    assertThat(sink.headers.first("Content-Type")).isEqualTo("text/plain");
    assertThat(sink.body.toByteArray()).isEqualTo(body);
    assertThat(result.timings().queueNanos()).isEqualTo(1000);
    assertThat(rig.services.getFirst().status().handled()).isEqualTo(1);
  }

  @Test
  void anEmptyBodyWorksToo() throws Exception {
    rig.startRunners(1);
    Sink sink = new Sink();
    assertThat(rig.lb(Placer.consistentHash(), FAST).call(rig.request("F1", new byte[0]), sink))
        .isInstanceOf(CallResult.Completed.class);
    assertThat(sink.body.size()).isZero();
  }

  @Test
  void aBusyRunnerIsPassedOverForTheNext() throws Exception {
    rig.startRunners(2);
    rig.agents.get(0).mode = "busy";
    LbCaller lb = rig.lb(IN_ORDER, FAST);
    for (int i = 0; i < 5; i++) {
      Sink sink = new Sink();
      assertThat(lb.call(rig.request("F1", "hi".getBytes()), sink)).isInstanceOf(CallResult.Completed.class);
      assertThat(sink.body.toString()).isEqualTo("hi");
    }
    assertThat(rig.agents.get(1).calls.get()).isEqualTo(5);
    NodeStatus first = rig.services.get(0).status();
    assertThat(first.received()).isEqualTo(5);
    assertThat(first.refused()).isEqualTo(5);
    assertThat(first.handled()).isZero();
  }

  @Test
  void whenEveryRunnerIsBusyTheCallIsRetriedUntilThePlacerTimeoutThen503() throws Exception {
    rig.startRunners(2);
    rig.agents.forEach(a -> a.mode = "busy");
    long start = System.nanoTime();
    CallResult result = rig.lb(Placer.consistentHash(), FAST).call(rig.request("F1", "x".getBytes()), new Sink());
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class, f -> {
      assertThat(f.error()).isEqualTo(CallError.TOO_BUSY);
      assertThat(f.status()).isEqualTo(503);
    });
    // retried until the placer's 400 ms timeout, never given up before it (no upper bound: timing must not fail it)
    assertThat(tookMs).isGreaterThanOrEqualTo(350L);
    assertThat(rig.services.get(0).status().received()).isGreaterThan(3);
    assertThat(rig.services.get(1).status().received()).isGreaterThan(3);
  }

  @Test
  void aFunctionTooBigForEveryRunnerGets400AtOnce() throws Exception {
    rig.startRunners(2);
    rig.agents.forEach(a -> a.mode = "big");
    CallResult result = rig.lb(Placer.consistentHash(), new PlacerConfig(Duration.ofMillis(10), Duration.ofSeconds(20),
        Duration.ofSeconds(20))).call(rig.request("F1", "x".getBytes()), new Sink());
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class,
        f -> assertThat(f.error()).isEqualTo(CallError.TOO_BIG));
    assertThat(rig.services.get(0).status().received() + rig.services.get(1).status().received()).isEqualTo(2);
  }

  @Test
  void aDrainingRunnerTakesNoNewCallAndFinishesItsOwn() throws Exception {
    rig.startRunners(2);
    LbCaller lb = rig.lb(IN_ORDER, FAST);
    Sink held = new Sink();
    CompletableFuture<CallResult> running = CompletableFuture.supplyAsync(
        () -> lb.call(rig.request("F1", "first".getBytes(), "X-Do", "hold"), held));
    assertThat(rig.agents.get(0).holding.await(10, TimeUnit.SECONDS)).isTrue();
    rig.services.get(0).drain();
    Sink next = new Sink();
    assertThat(lb.call(rig.request("F1", "second".getBytes()), next)).isInstanceOf(CallResult.Completed.class);
    assertThat(rig.agents.get(1).calls.get()).isEqualTo(1);
    assertThat(rig.services.get(0).status().draining()).isTrue();
    assertThat(rig.services.get(0).awaitIdle(Duration.ofMillis(200))).isFalse();
    rig.agents.get(0).release();
    assertThat(running.get(10, TimeUnit.SECONDS)).isInstanceOf(CallResult.Completed.class);
    assertThat(held.body.toString()).isEqualTo("first");
    assertThat(rig.services.get(0).awaitIdle(Duration.ofSeconds(5))).isTrue();
    NodeStatus s = rig.services.get(0).status();
    assertThat(s.handled()).isEqualTo(1);
    assertThat(s.activeCalls()).isZero();
  }

  @Test
  void aCallNotYetStartedOnARunnerThatDiesIsPlacedOnAnother() throws Exception {
    rig.startRunners(2);
    rig.agents.get(0).mode = "wait"; // not admitted yet: not the runner's
    LbCaller lb = rig.lb(IN_ORDER, new PlacerConfig(Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    Sink sink = new Sink();
    CompletableFuture<CallResult> call = CompletableFuture.supplyAsync(
        () -> lb.call(rig.request("F1", "again".getBytes()), sink));
    LbRig.awaitActive(rig.services.get(0), 1);
    rig.servers.get(0).kill();
    assertThat(call.get(10, TimeUnit.SECONDS)).isInstanceOf(CallResult.Completed.class);
    assertThat(sink.body.toString()).isEqualTo("again");
    assertThat(rig.agents.get(1).calls.get()).isEqualTo(1);
  }

  @Test
  void aCallInFlightOnARunnerThatDiesEndsWith502() throws Exception {
    rig.startRunners(2);
    rig.agents.get(0).mode = "hold"; // committed: the body was read
    LbCaller lb = rig.lb(IN_ORDER, FAST);
    CompletableFuture<CallResult> call = CompletableFuture.supplyAsync(
        () -> lb.call(rig.request("F1", "lost".getBytes()), new Sink()));
    assertThat(rig.agents.get(0).holding.await(10, TimeUnit.SECONDS)).isTrue();
    rig.servers.get(0).kill();
    CallResult result = call.get(10, TimeUnit.SECONDS);
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class, f -> {
      assertThat(f.status()).isEqualTo(502);
      assertThat(f.committed()).isFalse();
      assertThat(f.message()).contains("the runner running the call went away");
    });
    assertThat(rig.agents.get(1).calls.get()).as("a committed call is never run twice").isZero();
  }

  @Test
  void aFailureBeforeTheAnswerIsTheRunnersFinalWord() throws Exception {
    rig.startRunners(2);
    rig.agents.get(0).mode = "fail";
    CallResult result = rig.lb(IN_ORDER, FAST).call(rig.request("F1", "x".getBytes()), new Sink());
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class, f -> {
      assertThat(f.error()).isEqualTo(CallError.FUNCTION_FAILED);
      assertThat(f.message()).isEqualTo("function failed");
    });
    assertThat(rig.agents.get(1).calls.get()).isZero();
  }

  @Test
  void theStatusCallReportsWhatTheRunnerHolds() throws Exception {
    List<String> addresses = rig.startRunners(1);
    LbCaller lb = rig.lb(Placer.consistentHash(), FAST);
    lb.call(rig.request("F1", "a".getBytes()), new Sink());
    lb.call(rig.request("F2", "b".getBytes()), new Sink());
    lb.call(rig.request("F2", "c".getBytes()), new Sink());
    try (RunnerClient client = new RunnerClient(addresses.getFirst())) {
      NodeStatus s = client.status(Duration.ofSeconds(5));
      assertThat(s.nodeId()).isEqualTo("runner-0");
      assertThat(s.received()).isEqualTo(3);
      assertThat(s.handled()).isEqualTo(3);
      assertThat(s.capacity().memoryBytes()).isEqualTo(1L << 30);
      assertThat(s.warmByFn()).containsEntry("F1", 1).containsEntry("F2", 2);
      assertThat(s.draining()).isFalse();
    }
  }

  @Test
  void aRunnerOfAnotherProtocolVersionRefuses() throws Exception {
    List<String> addresses = rig.startRunners(1);
    try (RunnerClient client = new RunnerClient(addresses.getFirst())) {
      ToRunner.TryCall t = new ToRunner.TryCall(RunnerProtocol.VERSION + 1, "c1", APP, fn("F1"), 1,
          new Headers(), 0, false);
      RemoteAttempt.Outcome o = new RemoteAttempt(client, t, RequestBody.of(new byte[0]), new Sink(), r -> { }).run();
      assertThat(o).isInstanceOfSatisfying(RemoteAttempt.Outcome.Refused.class,
          r -> assertThat(r.reason()).isEqualTo(FromRunner.Reason.VERSION));
    }
  }

  @Test
  void theLbLeavesOutARunnerThatStoppedAnsweringAndTakesItBackWhenItDoes() throws Exception {
    rig.startRunners(2);
    rig.servers.get(0).kill();
    LbCaller lb = rig.lb(IN_ORDER, FAST);
    assertThat(lb.call(rig.request("F1", "x".getBytes()), new Sink())).isInstanceOf(CallResult.Completed.class);
    assertThat(rig.pool().view().getFirst().available()).isFalse();
    assertThat(rig.pool().view().get(1).available()).isTrue();
    assertThat(rig.pool().view().stream().sorted(Comparator.comparing(RunnerView::id)).toList()).hasSize(2);
  }

  @Test
  void theViewIsHandedOutWithoutACopyAndShowsTheLbsOwnCallsAtOnce() throws Exception {
    rig.startRunners(1);
    assertThat(rig.pool().view()).isSameAs(rig.pool().view());
    rig.agents.getFirst().mode = "hold";
    CompletableFuture<CallResult> held = CompletableFuture.supplyAsync(
        () -> rig.lb(IN_ORDER, FAST).call(rig.request("F1", "x".getBytes()), new Sink()));
    rig.agents.getFirst().holding.await(10, TimeUnit.SECONDS);
    assertThat(rig.pool().view().getFirst().activeCalls()).isEqualTo(1); // the lb's own count, whether or not a poll saw it yet
    rig.agents.getFirst().release();
    assertThat(held.get(10, TimeUnit.SECONDS)).isInstanceOf(CallResult.Completed.class);
  }
}
