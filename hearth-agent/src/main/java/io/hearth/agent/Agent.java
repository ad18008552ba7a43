package io.hearth.agent;

import io.hearth.agent.AdmittedCall.Assignment;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallOutput;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.RoomMaker;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.pool.EvictionPolicy;
import io.hearth.core.pool.KeepAlivePolicy;
import io.hearth.core.pool.NodePool;
import io.hearth.core.pool.PoolSnapshot;
import io.hearth.core.status.NodeStatus;
import io.hearth.core.slot.SlotKey;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: runs calls in function containers. Every decision about containers is the
 * {@link NodePool}'s, asked and carried out by the {@link PoolShell}: starting containers on
 * virtual threads, handing them to waiting calls, freezing and removing.
 *
 * <p>A call goes through two steps: {@link #admit} asks the pool at once (never blocks) and says
 * whether the call has a container, waits for one, or is refused; {@link #run} waits for the
 * container if needed and runs the call in it ({@link CallRunner}: in another container when the
 * first provably never got it). {@link #call} does both.
 *
 * <p>The node's {@link Ledger} is the caller's: the pool reserves its containers there, next to
 * the node's other holders (leased allocs). When a call's container does not fit after evicting
 * idle containers, the pool asks the {@link #roomMaker room maker} the lease side set (it reclaims
 * expired allocs); {@link #idleContainers} is the agent's room maker for the lease side, evicting
 * idle containers for a new alloc.
 *
 * <p>Threads: calls run on their callers' (virtual) threads. The shell's lock guards the pool;
 * {@link Containers} keeps the containers in concurrent maps. Lock order: the agent's (the
 * shell's) lock, then the lease book's, then the ledger's: the room maker the pool calls runs
 * under the agent's lock, and whoever calls {@link #idleContainers} or {@link #roomFreed} must not
 * hold the lease book's.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final ResponseSink DISCARD = (status, headers, length) -> OutputStream.nullOutputStream();

  private final AgentConfig config;
  private final ContainerDriver driver;
  private final Clock clock;
  private final PoolShell shell;
  private final Containers containers;
  private final AtomicLong callIds = new AtomicLong();
  private final SlotKeys slotKeys = new SlotKeys();
  private final SocketWatcher watcher;
  private final CallRunner runner;
  private final Scheduler scheduler;
  private final ContainerOps ops;
  private final Ledger ledger;
  private AutoCloseable exitSubscription;

  /**
   * @param ledger    the node's ledger, shared with its other holders; its capacity must be {@code
   *                  config.pool().capacity()}
   * @param clock     all the agent's time: the pool's instants, timings, readiness deadlines
   * @param scheduler runs pool ticks and execution timeouts; the caller's, and still the caller's to
   *                  close after the agent closed
   */
  public Agent(AgentConfig config, Ledger ledger, ContainerDriver driver, Clock clock, Scheduler scheduler,
      RandomGenerator random, EvictionPolicy eviction, KeepAlivePolicy keepAlive, Freezer freezer,
      ContainerOutput output) throws IOException {
    this.config = config;
    this.driver = driver;
    this.clock = clock;
    this.ledger = ledger;
    this.watcher = new SocketWatcher(clock, scheduler);
    Map<String, FunctionContainer> byEngineId = new ConcurrentHashMap<>();
    ContainerLauncher launcher = new ContainerLauncher(config, driver, watcher, c -> byEngineId.put(c.id, c), output,
        random, clock);
    this.ops = new ContainerOps(driver, freezer, byEngineId);
    this.containers = new Containers(byEngineId, launcher, ops);
    this.shell = new PoolShell(new NodePool(config.pool(), ledger, eviction, keepAlive, RoomMaker.NONE), containers,
        clock, scheduler);
    this.scheduler = scheduler;
    this.runner = new CallRunner(new CallExchange(config, scheduler, clock, ops::diagnose), ops, shell, clock,
        this::reassign);
  }

  /**
   * An agent with a ledger of its own, of {@code config.pool().capacity()}: for tests and tools
   * where nothing else holds resources on the node. A node passes its one ledger instead.
   */
  public Agent(AgentConfig config, ContainerDriver driver, Clock clock, Scheduler scheduler, RandomGenerator random,
      EvictionPolicy eviction, KeepAlivePolicy keepAlive, Freezer freezer, ContainerOutput output)
      throws IOException {
    this(config, new Ledger(config.pool().capacity()), driver, clock, scheduler, random, eviction, keepAlive, freezer,
        output);
  }

  /**
   * Removes what an earlier process of this node left behind, then starts following container
   * exits.
   */
  public void start() throws IOException {
    Map<String, String> mine = Map.of(AgentConfig.NODE_LABEL, config.nodeId());
    ops.removeLeftovers(mine, config.socketRoot());
    exitSubscription = driver.onExit(mine, this::onExit);
  }

  /** Runs one call ({@link #admit}, then {@link #run}); the answer streams to {@code sink}. Never throws. */
  public CallResult call(CallRequest request, ResponseSink sink) {
    return switch (admit(request)) {
      case Admission.Refused r -> r.failure();
      case Admission a -> run(a.ticket(), sink);
    };
  }

  /**
   * Admits a call: asks the pool for a container and returns at once, without reading the body. An
   * assigned or queued call must then be {@link #run}; from here on, it leaves the queue when its
   * client goes away.
   */
  public Admission admit(CallRequest request) {
    return admit(request, clock.nanoTime());
  }

  private Admission admit(CallRequest request, long arrived) {
    if (config.maxRequestBytes() > 0 && request.length() > config.maxRequestBytes()) {
      return new Admission.Refused(failed(CallError.REQUEST_TOO_LARGE, CallError.REQUEST_TOO_LARGE.message(), 0));
    }
    AdmittedCall t = new AdmittedCall(callIds.incrementAndGet(), request, new CompletableFuture<>(), arrived);
    SlotKey slot = slotKeys.of(request.app(), request.fn());
    shell.submit(t, slot);
    request.clientGone().thenRun(() -> t.assigned.complete(new Assignment.Abandoned()));
    return switch (t.assigned.getNow(null)) {
      case null -> new Admission.Queued(t);
      case Assignment.Container c -> new Admission.Assigned(t);
      case Assignment a -> new Admission.Refused(refusal(t, await(t)));
    };
  }

  /**
   * Runs an admitted call: waits for its container when it was queued (or until the pool refuses
   * it, or its client goes away), then sends it and streams the answer to {@code sink}.
   */
  public CallResult run(Ticket ticket, ResponseSink sink) {
    if (!(ticket instanceof AdmittedCall t)) {
      throw new IllegalArgumentException("not a ticket of this agent: " + ticket);
    }
    return switch (await(t)) {
      case Assignment.Container c -> runner.run(c, t, sink);
      case Assignment a -> refusal(t, a);
    };
  }

  /**
   * Starts a detached call (Fn-Invoke-Type: detached): reads its body, then returns once it has a
   * container, and the call runs on in the background, its answer discarded and its result given to
   * {@code onEnd}; or returns why it was refused (it then never runs).
   */
  public Optional<CallResult.Failed> start(CallRequest request, Consumer<CallResult> onEnd) {
    long arrived = clock.nanoTime();
    CallRequest held; // the body in memory: the client's connection may be gone when it is read
    try {
      held = LimitedInputStream.held(request, config.maxRequestBytes());
    } catch (LimitedInputStream.TooLarge e) {
      return Optional.of(failed(CallError.REQUEST_TOO_LARGE, CallError.REQUEST_TOO_LARGE.message(), 0));
    } catch (IOException e) {
      return Optional.of(failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(), clock.nanoTime() - arrived));
    }
    Admission admission = admit(held, arrived);
    if (admission instanceof Admission.Refused r) {
      return Optional.of(r.failure());
    }
    AdmittedCall t = (AdmittedCall) admission.ticket();
    return switch (await(t)) {
      case Assignment.Container c -> {
        Thread.ofVirtual().name("hearth-detached-" + request.callId()).start(() ->
            onEnd.accept(runner.run(c, t, DISCARD)));
        yield Optional.empty();
      }
      case Assignment a -> Optional.of(refusal(t, a));
    };
  }

  /**
   * Waits until the pool gives the call a container, refuses it, or the client goes away; a call
   * that leaves the queue is taken out of the pool. Never returns {@code Abandoned}.
   */
  private Assignment await(AdmittedCall t) {
    Assignment a;
    try {
      a = t.assigned.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      a = new Assignment.Abandoned();
    } catch (ExecutionException e) {
      throw new IllegalStateException("assignment failed", e.getCause());
    }
    if (a instanceof Assignment.Container) {
      return a;
    }
    if (a instanceof Assignment.Abandoned) {
      shell.cancel(t);
      return new Assignment.Refused(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message());
    }
    return a;
  }

  /** The failure a call that never got a container ends with. */
  private CallResult.Failed refusal(AdmittedCall t, Assignment a) {
    Assignment.Refused r = (Assignment.Refused) a;
    return failed(r.error(), r.message(), clock.nanoTime() - t.arrivedNanos);
  }

  /**
   * Finds another container for a call whose container failed before the call reached it: waits
   * until the pool gives it one, refuses it, its client goes away, or {@code deadline} passes (the
   * call then times out). The pool sees it as a new call of the same function.
   */
  private Assignment reassign(AdmittedCall first, CallRequest request, Instant deadline) {
    AdmittedCall t = new AdmittedCall(callIds.incrementAndGet(), request, new CompletableFuture<>(),
        first.arrivedNanos);
    AtomicBoolean expired = new AtomicBoolean();
    Scheduler.Scheduled expiry = scheduler.schedule(Duration.between(clock.instant(), deadline), () -> {
      expired.set(true);
      t.assigned.complete(new Assignment.Abandoned());
    });
    try {
      shell.submit(t, slotKeys.of(request.app(), request.fn()));
      request.clientGone().thenRun(() -> t.assigned.complete(new Assignment.Abandoned()));
      Assignment a = await(t);
      return expired.get() && !(a instanceof Assignment.Container)
          ? new Assignment.Refused(CallError.TIMED_OUT, CallError.TIMED_OUT.message()) : a;
    } finally {
      expiry.cancel();
    }
  }

  /** Starts {@code count} containers of the function ahead of calls, as far as room allows. */
  public void prewarm(App app, Fn fn, int count) {
    shell.decide((pool, now) -> pool.prewarm(slotKeys.of(app, fn), count, now));
  }

  /**
   * Keeps the function's {@link SlotKey#MIN_WARM_ANNOTATION min_warm} containers started, replacing
   * its earlier setting (0 ends it).
   */
  public void keepWarm(App app, Fn fn) {
    shell.decide((pool, now) -> pool.keepWarm(slotKeys.of(app, fn), SlotKey.minWarm(fn), now));
  }

  /** The function was changed or deleted: its containers retire (busy ones after their call). */
  public void retireFunction(String fnId) {
    slotKeys.forget(fnId);
    shell.decide((pool, now) -> pool.retireFunction(fnId, now));
  }

  private void onExit(String engineId) {
    FunctionContainer c = containers.byEngineId(engineId);
    if (c == null) {
      return;
    }
    shell.exited(c);
  }

  /** The node's ledger, as the caller gave it. */
  public Ledger ledger() {
    return ledger;
  }

  /**
   * Sets what the pool asks for room when a call's container does not fit after evicting idle
   * containers: the lease side's reclaim of expired allocs ({@link RoomMaker#NONE} for none). It is
   * called under the agent's lock and must not call back into the agent.
   */
  public void roomMaker(RoomMaker roomMaker) {
    shell.roomMaker(roomMaker);
  }

  /**
   * The agent's room maker for the node's other holders (a new alloc): evicts idle function
   * containers — never busy or starting ones — chosen by the eviction policy to cover all of what
   * is missing, or none when they cannot. Their grants are released when it returns; the containers
   * are removed in the background. Takes the agent's lock: never call it holding the lease book's.
   */
  public RoomMaker idleContainers() {
    return shell.idleContainers();
  }

  /**
   * Another holder of the ledger released room (an alloc was freed or reclaimed): calls waiting for
   * a container may get one now. Takes the agent's lock: never call it holding the lease book's.
   */
  public void roomFreed() {
    shell.decide(NodePool::roomFreed);
  }

  /** Every container this agent runs, sorted by name. */
  public List<ContainerView> containers() {
    return containers.views();
  }

  /** A function's containers on this node, oldest first, with their states. */
  public List<FnContainer> containers(String fnId) {
    List<io.hearth.core.pool.PoolContainer> pooled = shell.containers(fnId);
    List<FnContainer> out = new java.util.ArrayList<>(pooled.size());
    for (io.hearth.core.pool.PoolContainer p : pooled) {
      FunctionContainer c = containers.get(p.poolId());
      out.add(new FnContainer(c == null ? null : c.id, c == null ? null : c.name, p));
    }
    return out;
  }

  /**
   * Calls sent to another container since start-up because their first provably never reached the
   * function, by reason (closing, connect, write; see {@code Unsent}).
   */
  public Map<String, Long> callRetries() {
    return runner.retries();
  }

  /** For tests: {@code hook} is told of each container handed to a call, before the call is written to it. */
  void onPicked(Consumer<FunctionContainer> hook) {
    runner.onPicked(hook);
  }

  /** What the node runs and holds now. */
  public NodeStatus status() {
    PoolSnapshot s = shell.snapshot();
    int busy = s.byState().getOrDefault("busy", 0);
    return new NodeStatus(config.nodeId(), s.capacity(), s.used(), s.byState(), s.byFunction(), s.waiting(),
        busy + s.waiting(), 0, 0, s.refused(), s.coldStarts(), s.warmStarts(), s.evictions(), false);
  }

  private static CallResult.Failed failed(CallError error, String message, long queuedNanos) {
    return new CallResult.Failed(error, message, false, new CallResult.Timings(queuedNanos, 0, 0), CallOutput.NONE);
  }

  /** Refuses the calls still waiting, then removes every container (waiting up to 15 s for each). */
  @Override
  public void close() {
    if (exitSubscription != null) {
      try {
        exitSubscription.close();
      } catch (Exception e) {
        log.debug("closing the exit subscription", e);
      }
    }
    shell.close();
    containers.removeAll(Duration.ofSeconds(15));
    try {
      watcher.close();
    } catch (IOException e) {
      log.debug("closing the socket watcher", e);
    }
  }
}
