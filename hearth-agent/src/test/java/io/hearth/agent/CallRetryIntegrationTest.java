package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.pool.KeepAlivePolicy;
import io.hearth.core.pool.LruEviction;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.docker.DockerDriver;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 on the real Docker Engine: a warm container killed between being handed a call and the
 * call being written to it (the agent's pick seam kills it and waits until the engine says it
 * stopped) — the call never reached the function, so it runs in another container and answers
 * 200; the retry is counted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CallRetryIntegrationTest {
  static String image;
  @TempDir Path dir;

  @BeforeAll
  static void image() {
    TestDocker.driver();
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
  }

  /** Runs one call whose body is a testfn command; returns its status and body. */
  private static String call(Agent agent, App app, Fn fn, String command, AtomicInteger status) {
    byte[] body = command.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    ResponseSink sink = (code, headers, length) -> {
      status.set(code);
      return answer;
    };
    CallResult r = agent.call(new CallRequest(UUID.randomUUID().toString(), app, fn, new Headers(),
        new ByteArrayInputStream(body), body.length), sink);
    assertThat(r).as("call %s: %s", command, r).isInstanceOf(CallResult.Completed.class);
    return answer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aWarmContainerKilledAfterItWasPickedLeavesTheCallToAnotherThatAnswers200() throws Exception {
    DockerDriver driver = TestDocker.driver();
    String nodeId = "r" + UUID.randomUUID().toString().substring(0, 8);
    AgentConfig d = AgentConfig.defaults(nodeId, dir.resolve("sockets"));
    AgentConfig config = new AgentConfig(d.nodeId(), d.socketRoot(), Duration.ofSeconds(60), d.pullTimeout(),
        d.maxRequestBytes(), d.maxResponseBytes(), d.maxHeaderBytes(), d.pidsLimit(), d.nofile(), d.readOnlyRootfs(),
        d.user(), TestDocker.labels(), d.pool());
    Instant now = Instant.now();
    App app = new App("app-retry", "retry", Map.of(), Map.of(), "", "GENERIC_X86", now, now);
    Fn fn = new Fn("fn-retry-" + nodeId, "retry", app.id(), image, Fn.DEFAULT_MEMORY_MB, Fn.DEFAULT_TIMEOUT_SECS,
        Fn.DEFAULT_IDLE_TIMEOUT_SECS, Map.of(), Map.of(), "", now, now);
    try (TimerThread timer = TimerThread.start("retry-test-timer");
        Agent agent = new Agent(config, driver, Clock.system(), timer, new SplittableRandom(1), new LruEviction(),
            KeepAlivePolicy.fixedPerFunction(), new EngineFreezer(driver), ContainerOutput.NONE)) {
      agent.start();
      AtomicInteger status = new AtomicInteger();
      String first = call(agent, app, fn, "env HOSTNAME", status);
      assertThat(status.get()).isEqualTo(200);
      assertThat(first).isNotBlank();

      AtomicReference<String> killed = new AtomicReference<>();
      agent.onPicked(c -> {
        if (killed.compareAndSet(null, c.id)) {
          driver.kill(c.id);
          awaitStopped(driver, c.id);
        }
      });
      status.set(0);
      String second = call(agent, app, fn, "env HOSTNAME", status);
      assertThat(killed.get()).as("the warm container was picked and killed").isNotNull();
      assertThat(status.get()).isEqualTo(200);
      assertThat(second).as("another container answered").isNotBlank().isNotEqualTo(first);
      Map<String, Long> retries = agent.callRetries();
      assertThat(retries.values().stream().mapToLong(Long::longValue).sum()).as("retries %s", retries).isEqualTo(1);
      assertThat(retries.get("write")).as("the function's end was gone before the call: closing or connect")
          .isZero();
    }
  }

  /** Waits (up to 30 s of real time) until the engine says the container no longer runs. */
  private static void awaitStopped(DockerDriver driver, String id) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (driver.inspect(id).running()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("container " + id + " still runs 30 s after it was killed");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
