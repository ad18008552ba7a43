package io.hearth.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.Admission;
import io.hearth.agent.Agent;
import io.hearth.agent.AgentConfig;
import io.hearth.agent.ContainerOutput;
import io.hearth.agent.Freezer;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.status.NodeStatus;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.pool.FreezePolicy;
import io.hearth.core.pool.KeepAlivePolicy;
import io.hearth.core.pool.LruEviction;
import io.hearth.testkit.driver.FakeBehavior;
import io.hearth.testkit.driver.FakeContainerDriver;
import io.hearth.testkit.time.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * One node agent on a {@link FakeContainerDriver} and a {@link ManualClock}, driven by a small DSL:
 *
 * <pre>{@code
 * try (NodeScenario node = NodeScenario.node(tmp)) {
 *   node.fn("a").call().advance(Duration.ofSeconds(5)).expectWarm(1);
 * }
 * }</pre>
 *
 * <p>Time moves only with {@link #advance}; what background threads do (a launch, a call's
 * exchange with its container) is waited for on events, within {@link #WAIT} of real time, never
 * slept for. {@link #admit} admits a call on the test's thread, so the pool has decided about it
 * when it returns; {@link Call#run} then runs it on a virtual thread of its own.
 */
public final class NodeScenario implements AutoCloseable {
  /** Real time allowed for background work (a launch, an exchange): a bound on a hang, never a measurement. */
  public static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger NODES = new AtomicInteger();

  private final ManualClock clock = new ManualClock();
  private final FakeContainerDriver driver = new FakeContainerDriver(clock);
  private final App app;
  private final Agent agent;
  private final Ledger ledger;
  private final AgentConfig config;
  private Fn fn;
  private int callIds;

  private NodeScenario(Path dir, UnaryOperator<AgentConfig> tune) throws IOException {
    config = tune.apply(AgentConfig.defaults("n" + NODES.incrementAndGet(), dir.resolve("s")));
    Freezer freezer = new Freezer() {
      @Override
      public void freeze(String id) {
        driver.pause(id);
      }

      @Override
      public void thaw(String id) {
        driver.unpause(id);
      }
    };
    ledger = new Ledger(config.pool().capacity());
    agent = new Agent(config, ledger, driver, clock, clock, new SplittableRandom(7), new LruEviction(),
        KeepAlivePolicy.fixedPerFunction(), freezer, ContainerOutput.NONE);
    agent.start();
    app = new App("app1", "app", Map.of(), Map.of(), "", "GENERIC_X86", clock.instant(), clock.instant());
  }

  /** A node with the agent's defaults (4 GiB, queue wait 30 s, blocking admission). */
  public static NodeScenario node(Path dir) throws IOException {
    return node(dir, c -> c);
  }

  /** A node whose agent settings {@code tune} changes (capacity, non-blocking admission, ...). */
  public static NodeScenario node(Path dir, UnaryOperator<AgentConfig> tune) throws IOException {
    return new NodeScenario(dir, tune);
  }

  /** Makes {@code name} the function later calls go to; its containers answer "ok" at once. */
  public NodeScenario fn(String name) {
    return fn(name, FakeBehavior.ok());
  }

  /** Makes {@code name} (128 MB, idle timeout 30 s) the function later calls go to, its containers behaving so. */
  public NodeScenario fn(String name, FakeBehavior behavior) {
    return fn(name, Fn.DEFAULT_MEMORY_MB, behavior);
  }

  /** The same with the function's memory. */
  public NodeScenario fn(String name, int memoryMb, FakeBehavior behavior) {
    return fn(name, memoryMb, Map.of(), behavior);
  }

  /** The same with the function's memory and annotations (JSON values, as stored). */
  public NodeScenario fn(String name, int memoryMb, Map<String, String> annotations, FakeBehavior behavior) {
    fn = new Fn("fn-" + name, name, app.id(), "fake/" + name, memoryMb, Fn.DEFAULT_TIMEOUT_SECS,
        Fn.DEFAULT_IDLE_TIMEOUT_SECS, Map.of(), annotations, "", clock.instant(), clock.instant());
    driver.image(fn.image(), behavior);
    return this;
  }

  /** Runs one call of the current function to its end and checks that it completed with 200. */
  public NodeScenario call() {
    Call c = admit().run();
    assertThat(c.result()).as("call %s", c.id).isInstanceOf(CallResult.Completed.class);
    return this;
  }

  /** Admits a call of the current function, on this thread; run it with {@link Call#run}. */
  public Call admit() {
    return new Call("call-" + ++callIds, "hello".getBytes(StandardCharsets.UTF_8));
  }

  /** A request for the current function with this body, whose client never goes away. */
  public CallRequest request(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new CallRequest("call-" + ++callIds, app, fn, new Headers(), new ByteArrayInputStream(bytes), bytes.length);
  }

  /** Moves time forward; pool ticks and start latencies due meanwhile run on this thread. */
  public NodeScenario advance(Duration by) {
    clock.advance(by);
    return this;
  }

  /**
   * Waits (real time, up to {@link #WAIT}) until the pool has made a container idle in the
   * background (a launch that ended with no call to take it, a container given back): it then arms
   * the freeze grace on the clock, which is the event waited for. Needs freezing on.
   */
  public NodeScenario awaitIdle() throws InterruptedException {
    if (!(config.pool().freeze() instanceof FreezePolicy.After after)) {
      throw new IllegalStateException("awaitIdle needs a node that freezes idle containers");
    }
    clock.awaitScheduledIn(after.grace(), WAIT);
    return this;
  }

  /** The current function has {@code n} containers started (idle, frozen or busy). */
  public NodeScenario expectWarm(int n) {
    assertThat(status().warmByFn().getOrDefault(fn.id(), 0)).as("containers of %s", fn.name()).isEqualTo(n);
    return this;
  }

  /** The node has {@code n} containers in {@code state} (starting, idle, frozen, busy). */
  public NodeScenario expectContainers(String state, int n) {
    assertThat(status().containersByState().getOrDefault(state, 0)).as("%s containers", state).isEqualTo(n);
    return this;
  }

  /** {@code n} calls wait for a container. */
  public NodeScenario expectWaiting(int n) {
    assertThat(status().callsWaiting()).as("calls waiting").isEqualTo(n);
    return this;
  }

  public NodeStatus status() {
    return agent.status();
  }

  public Agent agent() {
    return agent;
  }

  /** The node's ledger, which the agent's pool shares with whatever else the test reserves in it. */
  public Ledger ledger() {
    return ledger;
  }

  public FakeContainerDriver driver() {
    return driver;
  }

  public ManualClock clock() {
    return clock;
  }

  /** The function later calls go to. */
  public Fn currentFn() {
    return fn;
  }

  @Override
  public void close() {
    agent.close();
    driver.close();
  }

  /** One call: its admission, then (once {@link #run}) its result and what its client received. */
  public final class Call {
    private final String id;
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private final CompletableFuture<CallResult> result = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Admission admission;
    private volatile int status;

    private Call(String id, byte[] requestBody) {
      this.id = id;
      CallRequest request = new CallRequest(id, app, fn, new Headers(), new ByteArrayInputStream(requestBody),
          requestBody.length, gone);
      admission = agent.admit(request);
      if (admission instanceof Admission.Refused r) {
        result.complete(r.failure());
      }
    }

    public Admission admission() {
      return admission;
    }

    /** Runs the admitted call on a virtual thread of its own (a refused one has its result already). */
    public Call run() {
      if (admission.ticket() != null) {
        Thread.ofVirtual().name("scenario-" + id).start(() -> {
          try {
            result.complete(agent.run(admission.ticket(), sink()));
          } catch (Throwable e) {
            result.completeExceptionally(e);
          }
        });
      }
      return this;
    }

    /** The client goes away. */
    public Call hangUp() {
      gone.complete(null);
      return this;
    }

    /** Waits for the call's result (real time, up to {@link #WAIT}). */
    public CallResult result() {
      try {
        return result.get(WAIT.toNanos(), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        throw new AssertionError("call " + id + " did not end within " + WAIT, e);
      }
    }

    /** The result, which must be a failure. */
    public CallResult.Failed failed() {
      CallResult r = result();
      assertThat(r).as("call %s", id).isInstanceOf(CallResult.Failed.class);
      return (CallResult.Failed) r;
    }

    public boolean done() {
      return result.isDone();
    }

    /** The status the client was sent (0: none). */
    public int status() {
      return status;
    }

    /** What the client was sent as the body. */
    public String body() {
      synchronized (body) {
        return body.toString(StandardCharsets.UTF_8);
      }
    }

    private ResponseSink sink() {
      return (code, headers, length) -> {
        status = code;
        return new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (body) {
              body.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            synchronized (body) {
              body.write(b, off, len);
            }
          }
        };
      };
    }
  }
}
