package io.hearth.agent;

import static io.hearth.agent.testing.NodeScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.testing.NodeScenario;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallResult;
import io.hearth.core.ledger.Resources;
import io.hearth.core.pool.PoolConfig;
import io.hearth.testkit.driver.CallGate;
import io.hearth.testkit.driver.FakeBehavior;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's shell on a fake driver and a manual clock: admission, the races between a call, its
 * client and its container, shutdown. No Docker, no sleeps: time moves when a test advances it,
 * and background work is waited for on events.
 */
@Timeout(60)
class AgentTest {
  private static final Duration LATENCY = Duration.ofSeconds(1);
  @TempDir Path tmp;

  /** Room for exactly one 128 MB container; calls wait up to 10 s for one. */
  private static UnaryOperator<AgentConfig> oneContainer(boolean nonBlocking) {
    return c -> new AgentConfig(c.nodeId(), c.socketRoot(), c.startTimeout(), c.pullTimeout(), c.maxRequestBytes(),
        c.maxResponseBytes(), c.maxHeaderBytes(), c.pidsLimit(), c.nofile(), c.readOnlyRootfs(), c.user(), c.labels(),
        new PoolConfig(new Resources(128L << 20, 0), c.pool().freeze(), Duration.ofSeconds(10), nonBlocking));
  }

  @Test
  void aCallStartsAContainerThatStaysWarmForTheNextUntilItsIdleTimeout() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a").call().advance(Duration.ofSeconds(5)).expectWarm(1).call().expectWarm(1);
      assertThat(node.driver().starts()).isEqualTo(1);
      assertThat(node.status().coldStarts()).isEqualTo(1);
      assertThat(node.status().warmStarts()).isEqualTo(1);
      node.expectContainers("frozen", 0).advance(Duration.ofSeconds(1)).expectContainers("frozen", 1);
      node.advance(Duration.ofSeconds(30)).expectWarm(0);
    }
  }

  @Test
  void admissionSaysAssignedForAWarmContainerAndQueuedWhileOneStarts() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.ok().withStartLatency(LATENCY));
      NodeScenario.Call first = node.admit();
      assertThat(first.admission()).isInstanceOf(Admission.Queued.class);
      node.expectWaiting(1).expectContainers("starting", 1);
      first.run();
      node.driver().awaitStarts(1, WAIT);
      node.advance(LATENCY);
      assertThat(first.result()).isInstanceOf(CallResult.Completed.class);
      assertThat(first.body()).isEqualTo("ok");
      assertThat(first.result().timings().cold()).isTrue();
      NodeScenario.Call second = node.admit();
      assertThat(second.admission()).isInstanceOf(Admission.Assigned.class);
      assertThat(second.run().result()).isInstanceOf(CallResult.Completed.class);
      assertThat(second.result().timings().cold()).isFalse();
    }
  }

  @Test
  void aDetachedCallReturnsOnceItHasAContainerAndRunsOnInTheBackground() throws Exception {
    CallGate gate = new CallGate();
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.serving(gate).withStartLatency(LATENCY));
      CompletableFuture<CallResult> ended = new CompletableFuture<>();
      CompletableFuture<Optional<CallResult.Failed>> started = CompletableFuture.supplyAsync(
          () -> node.agent().start(node.request("later"), ended::complete));
      node.driver().awaitStarts(1, WAIT);
      assertThat(started).as("no container yet").isNotDone();
      node.advance(LATENCY);
      assertThat(started.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
      gate.awaitEntered(1, WAIT);
      assertThat(ended).isNotDone();
      gate.release();
      assertThat(ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(CallResult.Completed.class);
    } finally {
      gate.release();
    }
  }

  @Test
  void aFullNonBlockingNodeRefusesAtAdmissionWithAReason() throws Exception {
    CallGate gate = new CallGate();
    try (NodeScenario node = NodeScenario.node(tmp, oneContainer(true))) {
      node.fn("a", FakeBehavior.serving(gate));
      NodeScenario.Call holder = node.admit().run();
      gate.awaitEntered(1, WAIT);
      NodeScenario.Call refused = node.fn("b").admit();
      assertThat(refused.admission()).isInstanceOfSatisfying(Admission.Refused.class,
          r -> assertThat(r.failure().error()).isEqualTo(CallError.TOO_BUSY));
      assertThat(refused.failed().committed()).isFalse();
      NodeScenario.Call tooBig = node.fn("huge", 256, FakeBehavior.ok()).admit();
      assertThat(tooBig.admission()).isInstanceOfSatisfying(Admission.Refused.class,
          r -> assertThat(r.failure().error()).isEqualTo(CallError.TOO_BIG));
      gate.release();
      assertThat(holder.result()).isInstanceOf(CallResult.Completed.class);
      assertThat(node.driver().starts()).isEqualTo(1);
    } finally {
      gate.release();
    }
  }

  @Test
  void aClientGoneWhileWaitingLeavesTheQueueAndItsContainerServesTheNextCall() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.ok().withStartLatency(LATENCY));
      NodeScenario.Call gone = node.admit().run();
      node.driver().awaitStarts(1, WAIT);
      gone.hangUp();
      assertThat(gone.failed().error()).isEqualTo(CallError.CLIENT_GONE);
      assertThat(gone.failed().committed()).isFalse();
      node.expectWaiting(0);
      node.advance(LATENCY);
      NodeScenario.Call next = node.admit().run();
      assertThat(next.result()).isInstanceOf(CallResult.Completed.class);
      assertThat(node.driver().starts()).as("the container started for the call that left serves the next")
          .isEqualTo(1);
      assertThat(node.agent().containers()).singleElement().satisfies(c -> assertThat(c.calls()).isEqualTo(1));
    }
  }

  @Test
  void aContainerAssignedToACallWhoseClientLeftGoesBackUnused() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.ok().withStartLatency(LATENCY));
      NodeScenario.Call left = node.admit(); // queued, and not run yet: nothing takes it out of the pool
      node.driver().awaitStarts(1, WAIT);
      left.hangUp(); // its assignment is abandoned, but the pool still has the call in its queue
      node.advance(LATENCY); // the container is ready; the pool assigns it to the call that left
      node.awaitIdle(); // which gives it back
      NodeScenario.Call next = node.admit().run();
      assertThat(next.result()).isInstanceOf(CallResult.Completed.class);
      assertThat(left.run().failed().error()).isEqualTo(CallError.CLIENT_GONE);
      assertThat(node.driver().starts()).isEqualTo(1);
      assertThat(node.agent().containers()).singleElement().satisfies(c -> assertThat(c.calls()).isEqualTo(1));
      node.expectWaiting(0).expectContainers("busy", 0).expectWarm(1);
    }
  }

  @Test
  void aContainerThatDiesDuringItsCallFailsTheCallWithItsExitCodeAndIsReplaced() throws Exception {
    CallGate gate = new CallGate();
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.serving(gate));
      NodeScenario.Call dying = node.admit().run();
      gate.awaitEntered(1, WAIT);
      node.driver().exit(node.driver().running().getFirst(), 3);
      CallResult.Failed f = dying.failed();
      assertThat(f.error()).isEqualTo(CallError.EXITED);
      assertThat(f.message()).isEqualTo(CallError.EXITED.message(3));
      node.expectWarm(0);
      gate.release();
      node.call();
      assertThat(node.driver().starts()).isEqualTo(2);
    } finally {
      gate.release();
    }
  }

  @Test
  void aContainerKilledForMemoryDuringItsCallSaysSo() throws Exception {
    CallGate gate = new CallGate();
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.serving(gate));
      NodeScenario.Call dying = node.admit().run();
      gate.awaitEntered(1, WAIT);
      node.driver().oomKill(node.driver().running().getFirst());
      assertThat(dying.failed().error()).isEqualTo(CallError.OUT_OF_MEMORY);
      node.expectWarm(0);
    } finally {
      gate.release();
    }
  }

  @Test
  void anIdleContainerThatExitsIsForgottenAndTheNextCallStartsAnother() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a").call().expectWarm(1);
      node.driver().exit(node.driver().running().getFirst(), 0);
      node.expectWarm(0).call().expectWarm(1);
      assertThat(node.driver().starts()).isEqualTo(2);
    }
  }

  @Test
  void shutdownRefusesTheCallsStillWaiting() throws Exception {
    CallGate gate = new CallGate();
    try (NodeScenario node = NodeScenario.node(tmp, oneContainer(false))) {
      node.fn("a", FakeBehavior.serving(gate));
      NodeScenario.Call running = node.admit().run();
      gate.awaitEntered(1, WAIT);
      NodeScenario.Call waiting = node.fn("b").admit();
      assertThat(waiting.admission()).isInstanceOf(Admission.Queued.class);
      waiting.run();
      node.expectWaiting(1);
      node.agent().close();
      CallResult.Failed refused = waiting.failed();
      assertThat(refused.error()).isEqualTo(CallError.TOO_BUSY);
      assertThat(refused.committed()).isFalse();
      assertThat(running.result()).isInstanceOf(CallResult.Failed.class);
      assertThat(node.driver().present()).isEmpty();
    } finally {
      gate.release();
    }
  }

  @Test
  void aCallWaitingLongerThanTheQueueWaitIsRefused() throws Exception {
    CallGate gate = new CallGate();
    try (NodeScenario node = NodeScenario.node(tmp, oneContainer(false))) {
      node.fn("a", FakeBehavior.serving(gate));
      NodeScenario.Call running = node.admit().run();
      gate.awaitEntered(1, WAIT);
      NodeScenario.Call waiting = node.fn("b").admit().run();
      node.advance(Duration.ofSeconds(9)).expectWaiting(1);
      node.advance(Duration.ofSeconds(1));
      assertThat(waiting.failed().error()).isEqualTo(CallError.TOO_BUSY);
      gate.release();
      assertThat(running.result()).isInstanceOf(CallResult.Completed.class);
    } finally {
      gate.release();
    }
  }

  @Test
  void aContainerThatNeverListensTimesOutItsCallAtTheStartTimeout() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.ok().neverListening());
      NodeScenario.Call call = node.admit().run();
      node.clock().awaitScheduledIn(Duration.ofSeconds(10), WAIT); // the launcher waits for the socket
      node.advance(Duration.ofMillis(9_999));
      assertThat(call.done()).isFalse();
      node.advance(Duration.ofMillis(1));
      assertThat(call.failed().error()).isEqualTo(CallError.INIT_TIMED_OUT);
      node.expectWarm(0).expectContainers("starting", 0);
    }
  }

  /**
   * Issue 14 item 2: an init timeout of Long.MAX_VALUE ms (stored before the API refused it) is
   * capped, so the launch computes its deadline, times out at the cap and leaves nothing starting.
   */
  @Test
  void aHugeInitTimeoutIsCappedAndTheLaunchStillEnds() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("huge", io.hearth.core.model.Fn.DEFAULT_MEMORY_MB,
          java.util.Map.of(io.hearth.core.slot.SlotKey.INIT_TIMEOUT_ANNOTATION, "9223372036854775807"),
          FakeBehavior.ok().neverListening());
      NodeScenario.Call call = node.admit().run();
      Duration cap = Duration.ofMillis(io.hearth.core.slot.SlotKey.MAX_INIT_TIMEOUT_MILLIS);
      node.clock().awaitScheduledIn(cap, WAIT); // the launcher waits for the socket, up to the cap
      node.expectContainers("starting", 1);
      node.advance(cap);
      assertThat(call.failed().error()).isEqualTo(CallError.INIT_TIMED_OUT);
      node.expectWarm(0).expectContainers("starting", 0);
    }
  }

  @Test
  void aContainerThatFailsToStartOrExitsBeforeListeningFailsItsCall() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      assertThat(node.fn("refused", FakeBehavior.ok().failingToStart()).admit().run().failed().error())
          .isEqualTo(CallError.ENGINE_FAILED);
      assertThat(node.fn("exits", FakeBehavior.ok().exitingAtStart(1)).admit().run().failed().error())
          .isEqualTo(CallError.INIT_FAILED);
      node.fn("missing").driver().missingImage("fake/missing");
      assertThat(node.admit().run().failed().error()).isEqualTo(CallError.PULL_FAILED);
      node.expectWaiting(0).expectContainers("starting", 0);
    }
  }

  /**
   * A cold start asks the engine to create at once: an image already on the node costs no image
   * lookup before the create; one the create reports missing is pulled once, and the create is
   * tried again.
   */
  @Test
  void aColdStartLooksForTheImageOnlyWhenTheCreateSaysItIsMissing() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("present").call();
      assertThat(node.driver().imageChecks()).isZero();
      node.fn("pulled").driver().unpulledImage("fake/pulled");
      node.call();
      assertThat(node.driver().imageChecks()).isEqualTo(1);
      node.expectContainers("starting", 0);
    }
  }

  /**
   * Issue 14: when the engine dies while a container starts, the engine kills the container, which
   * looks like a function that exited before listening; the call must say the engine became
   * unavailable (503, Hearth's message), not blame the function's init (502).
   */
  @Test
  void anEngineThatDiesMidStartAnswersEngineUnavailableNotInitFailed() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.ok().neverListening());
      NodeScenario.Call call = node.admit().run();
      node.driver().awaitStarts(1, WAIT);
      node.driver().die();
      CallResult.Failed failed = call.failed();
      assertThat(failed.error()).isEqualTo(CallError.ENGINE_FAILED);
      assertThat(failed.error().status()).isEqualTo(503);
      assertThat(failed.message()).startsWith("the container engine failed: it became unavailable while the "
          + "container started").contains("the fake engine is gone");
      node.expectWaiting(0).expectContainers("starting", 0);
    }
  }

  /**
   * The same when the engine shuts down in order (or restarts) and answers the inspect: it stopped
   * the starting container with SIGTERM (exit 143), which the function did not do; a function that
   * exits on its own with another code is still its own init failure.
   */
  @Test
  void aContainerTheEngineStopsMidStartAnswersEngineFailedNotInitFailed() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.ok().neverListening());
      NodeScenario.Call call = node.admit().run();
      node.driver().awaitStarts(1, WAIT);
      node.driver().exit(node.driver().running().getFirst(), 143);
      CallResult.Failed failed = call.failed();
      assertThat(failed.error()).isEqualTo(CallError.ENGINE_FAILED);
      assertThat(failed.message()).isEqualTo("the container engine failed: it stopped the container (exit code 143) "
          + "while it started; is it shutting down or restarting?");
      node.fn("b", FakeBehavior.ok().neverListening());
      NodeScenario.Call own = node.admit().run();
      node.driver().awaitStarts(2, WAIT);
      node.driver().exit(node.driver().running().getFirst(), 1);
      assertThat(own.failed().error()).isEqualTo(CallError.INIT_FAILED);
      node.expectWaiting(0).expectContainers("starting", 0);
    }
  }
}
