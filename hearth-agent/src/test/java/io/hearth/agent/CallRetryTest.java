package io.hearth.agent;

import static io.hearth.agent.testing.NodeScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.testing.NodeScenario;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallResult;
import io.hearth.testkit.driver.CallGate;
import io.hearth.testkit.driver.FakeBehavior;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call racing its container's close ({@link CallRunner}): sent again to another container only
 * when it provably never reached the function, at most {@link CallRunner#MAX_RETRIES} times; never
 * once the function may have seen it. On the fake driver, whose containers are real FDK servers
 * on real unix sockets; the race is made deterministic by the agent's pick seam.
 */
@Timeout(60)
class CallRetryTest {
  @TempDir Path tmp;

  /** The function's socket goes away as if the function had just exited: the connect fails (ENOENT). */
  private static void unlistened(FunctionContainer c) {
    c.abortConnection(); // the kept-alive connection the function would have closed
    try {
      Files.delete(c.socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Long> none() {
    return Map.of("closing", 0L, "connect", 0L, "write", 0L);
  }

  @Test
  void aContainerReportedExitedAfterItWasPickedHandsTheCallToAnother() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a").call().expectWarm(1);
      AtomicInteger picks = new AtomicInteger();
      node.agent().onPicked(c -> {
        if (picks.getAndIncrement() == 0) {
          node.driver().exit(c.id, 0); // the engine's exit event reaches the agent first
        }
      });
      NodeScenario.Call call = node.admit().run();
      assertThat(call.result()).isInstanceOf(CallResult.Completed.class);
      assertThat(call.status()).isEqualTo(200);
      assertThat(call.body()).isEqualTo("ok");
      assertThat(node.driver().starts()).as("another container served it").isEqualTo(2);
      assertThat(node.agent().callRetries()).isEqualTo(Map.of("closing", 1L, "connect", 0L, "write", 0L));
      node.awaitIdle().expectWarm(1);
    }
  }

  @Test
  void aContainerWhoseSocketRefusesTheConnectionHandsTheCallToAnotherWithItsBody() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("echo", FakeBehavior.serving((call, response) -> response.send(call.body().readAllBytes())));
      node.call().expectWarm(1);
      AtomicInteger picks = new AtomicInteger();
      node.agent().onPicked(c -> {
        if (picks.getAndIncrement() == 0) {
          unlistened(c);
        }
      });
      NodeScenario.Call call = node.admit().run();
      assertThat(call.result()).isInstanceOf(CallResult.Completed.class);
      assertThat(call.body()).isEqualTo("hello");
      assertThat(node.driver().starts()).isEqualTo(2);
      assertThat(node.agent().callRetries()).isEqualTo(Map.of("closing", 0L, "connect", 1L, "write", 0L));
    }
  }

  @Test
  void retriesAreBoundedAndTheLastFailureIsDiagnosed() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a");
      node.agent().onPicked(CallRetryTest::unlistened); // every container's socket is gone
      CallResult.Failed f = node.admit().run().failed();
      assertThat(f.error()).as("the container still runs: a plain receive failure").isEqualTo(CallError.RECEIVE_FAILED);
      assertThat(f.committed()).isFalse();
      assertThat(node.driver().starts()).isEqualTo(1 + CallRunner.MAX_RETRIES);
      assertThat(node.agent().callRetries()).containsEntry("connect", (long) CallRunner.MAX_RETRIES);
    }
  }

  @Test
  void aCallTheFunctionReceivedIsNeverRetriedWhenItsContainerDies() throws Exception {
    CallGate gate = new CallGate();
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a", FakeBehavior.serving(gate));
      NodeScenario.Call dying = node.admit().run();
      gate.awaitEntered(1, WAIT); // the function has the request: bytes were written and read
      node.driver().exit(node.driver().running().getFirst(), 3);
      CallResult.Failed f = dying.failed();
      assertThat(f.error()).isEqualTo(CallError.EXITED);
      assertThat(node.driver().starts()).as("no other container was started for it").isEqualTo(1);
      assertThat(node.agent().callRetries()).isEqualTo(none());
    } finally {
      gate.release();
    }
  }
}
