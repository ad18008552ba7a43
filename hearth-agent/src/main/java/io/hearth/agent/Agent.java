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
import io.hearth.core.pool.Action;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: the shell around {@link NodePool}. Each event — a call arrives, a container is
 * ready or failed to start, a call ends, a container exits, time passes — is decided by the pool
 * under {@link #lock} ({@link #decide}), and the resulting actions are carried out here, outside
 * the lock: starting containers on virtual threads, handing containers to waiting calls, freezing
 * and removing.
 *
 * <p>A call goes through two steps: {@link #admit} asks the pool at once (never blocks) and says
 * whether the call has a container, waits for one, or is refused; {@link #run} waits for the
 * container if needed and runs the call in it. {@link #call} does both.
 *
 * <p>The node's {@link Ledger} is the caller's: the pool reserves its containers there, next to
 * the node's other holders (leased allocs). When a call's container does not fit after evicting
 * idle containers, the pool asks the {@link #roomMaker room maker} the lease side set (it reclaims
 * expired allocs); {@link #idleContainers} is the agent's room maker for the lease side, evicting
 * idle containers for a new alloc.
 *
 * <p>Threads: calls run on their callers' (virtual) threads. {@link #lock} guards the pool and
 * {@code pending}; {@link Containers} keeps the containers in concurrent maps. {@link PoolTimer}
 * ticks the pool when something is due, on the injected scheduler. Lock order: the agent's lock,
 * then the lease book's, then the ledger's: the room maker the pool calls runs under the agent's
 * lock, and whoever calls {@link #idleContainers} or {@link #roomFreed} must not hold the lease
 * book's.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final ResponseSink DISCARD = (status, headers, length) -> OutputStream.nullOutputStream();

  private final AgentConfig config;
  private final ContainerDriver driver;
  private final Clock clock;
  private final Object lock = new Object();
  private final NodePool pool;
  private final Map<Long, CompletableFuture<Assignment>> pending = new HashMap<>();
  private final Containers containers;
  private final AtomicLong callIds = new AtomicLong();
  private final SlotKeys slotKeys = new SlotKeys();
  private final SocketWatcher watcher;
  private final CallExchange exchange;
  private final PoolTimer timer;
  private final ContainerOps ops;
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
    this.pool = new NodePool(config.pool(), ledger, eviction, keepAlive, RoomMaker.NONE);
    this.watcher = new SocketWatcher(clock, scheduler);
    this.timer = new PoolTimer(clock, scheduler, this::tick, () -> {
      synchronized (lock) {
        return pool.nextDeadline();
      }
    });
    Map<String, FunctionContainer> byEngineId = new ConcurrentHashMap<>();
    ContainerLauncher launcher = new ContainerLauncher(config, driver, watcher, c -> byEngineId.put(c.id, c), output,
        random, clock);
    this.ops = new ContainerOps(driver, freezer, byEngineId);
    this.containers = new Containers(byEngineId, launcher, ops);
    this.exchange = new CallExchange(config, scheduler, clock, ops::diagnose);
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
    decide(now -> {
      pending.put(t.call, t.assigned);
      return pool.submit(t.call, slot, now);
    });
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
      case Assignment.Container c -> execute(c, t, sink);
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
            onEnd.accept(execute(c, t, DISCARD)));
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
      cancel(t);
      return new Assignment.Refused(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message());
    }
    return a;
  }

  /** The failure a call that never got a container ends with. */
  private CallResult.Failed refusal(AdmittedCall t, Assignment a) {
    Assignment.Refused r = (Assignment.Refused) a;
    return failed(r.error(), r.message(), clock.nanoTime() - t.arrivedNanos);
  }

  private CallResult execute(Assignment.Container assigned, AdmittedCall t, ResponseSink sink) {
    FunctionContainer c = assigned.container();
    CallRequest request = t.request;
    ops.thawIfPaused(c);
    long ready = clock.nanoTime();
    CallLog.Capture capture = c.log == null ? null : c.log.begin(request.callId());
    c.calls++; // counted before the answer reaches the client; one call at a time per container
    CallExchange.Outcome outcome = exchange.run(c, request, sink);
    if (capture != null) {
      capture.end(); // keeps taking trailing output for a moment
    }
    CallOutput output = capture == null ? CallOutput.NONE : capture::text;
    boolean reusable = outcome.keepContainer() && !c.exited();
    c.busy = false;
    decide(now -> pool.finished(c.poolId, reusable, now));
    if (outcome.whole() != null) { // the container is free before the client has its answer
      try {
        sink.complete(outcome.status(), outcome.whole().headers(), outcome.whole().body());
      } catch (IOException e) {
        outcome = CallExchange.Outcome.failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message()).afterCommit();
      }
    }
    long init = assigned.cold() ? c.initNanos : 0;
    CallResult.Timings timings = new CallResult.Timings(Math.max(0, ready - t.arrivedNanos - init), init,
        clock.nanoTime() - ready);
    return outcome.failure() == null
        ? new CallResult.Completed(outcome.status(), timings, output)
        : new CallResult.Failed(outcome.failure(), outcome.message(), outcome.committed(), timings, output);
  }

  /**
   * Takes a waiting call out of the pool. A container the pool assigned it meanwhile goes back
   * unused: here when the assignment reached the call first, in {@link #apply} otherwise.
   */
  private void cancel(AdmittedCall t) {
    synchronized (lock) {
      pending.remove(t.call);
      pool.cancel(t.call);
    }
    t.assigned.complete(new Assignment.Abandoned());
    if (t.assigned.getNow(null) instanceof Assignment.Container a) {
      giveBack(a.container());
    }
  }

  private void giveBack(FunctionContainer c) {
    c.busy = false;
    decide(now -> pool.finished(c.poolId, c.usable(), now));
  }

  /** Starts {@code count} containers of the function ahead of calls, as far as room allows. */
  public void prewarm(App app, Fn fn, int count) {
    decide(now -> pool.prewarm(slotKeys.of(app, fn), count, now));
  }

  /**
   * Keeps the function's {@link SlotKey#MIN_WARM_ANNOTATION min_warm} containers started, replacing
   * its earlier setting (0 ends it).
   */
  public void keepWarm(App app, Fn fn) {
    decide(now -> pool.keepWarm(slotKeys.of(app, fn), SlotKey.minWarm(fn), now));
  }

  /** The function was changed or deleted: its containers retire (busy ones after their call). */
  public void retireFunction(String fnId) {
    slotKeys.forget(fnId);
    decide(now -> pool.retireFunction(fnId, now));
  }

  /** One event: the pool decides under the lock, at the clock's time; its actions are carried out after. */
  private void decide(Function<Instant, List<Action>> decision) {
    List<Action> actions;
    synchronized (lock) {
      actions = decision.apply(clock.instant());
    }
    apply(actions);
  }

  /** Carries out the pool's decisions, in order, outside the lock. */
  private void apply(List<Action> actions) {
    for (Action action : actions) {
      switch (action) {
        case Action.Launch l -> containers.launch(l.container(), l.slot(), this::ready, this::launchFailed);
        case Action.Assign a -> {
          FunctionContainer c = containers.get(a.container());
          CompletableFuture<Assignment> waiter = takeWaiter(a.call());
          c.busy = true; // before the waiter runs, so a late freeze skips it
          if (waiter == null || !waiter.complete(new Assignment.Container(c, a.cold()))) {
            giveBack(c); // the call left the queue just before
          }
        }
        case Action.Reject r -> {
          CallError error = r.reason() == Action.Rejection.TOO_BIG ? CallError.TOO_BIG : CallError.TOO_BUSY;
          tell(r.call(), new Assignment.Refused(error, error.message()));
        }
        case Action.FailWithLaunch f -> {
          CallFailure failure = containers.get(f.container()).launchFailure;
          tell(f.call(), new Assignment.Refused(failure.error, failure.getMessage()));
        }
        case Action.Retire r -> containers.retire(r.container(), r.reason());
        case Action.Freeze f -> containers.freeze(f.container());
      }
    }
    timer.rearm();
  }

  private CompletableFuture<Assignment> takeWaiter(long call) {
    synchronized (lock) {
      return pending.remove(call);
    }
  }

  /** Gives a waiting call its answer, if it still waits. */
  private void tell(long call, Assignment answer) {
    CompletableFuture<Assignment> waiter = takeWaiter(call);
    if (waiter != null) {
      waiter.complete(answer);
    }
  }

  private void ready(FunctionContainer c) {
    decide(now -> pool.ready(c.poolId, now));
  }

  private void launchFailed(FunctionContainer c) {
    decide(now -> {
      List<Action> actions = new ArrayList<>(pool.launchFailed(c.poolId, now));
      actions.add(new Action.Retire(c.poolId, Action.RetireReason.BROKEN)); // clean up what was made
      return actions;
    });
  }

  private void tick() {
    decide(pool::tick);
  }

  private void onExit(String engineId) {
    FunctionContainer c = containers.byEngineId(engineId);
    if (c == null) {
      return;
    }
    c.markExited();
    decide(now -> pool.exited(c.poolId, now));
  }

  /** The node's ledger, as the caller gave it. */
  public Ledger ledger() {
    return pool.ledger();
  }

  /**
   * Sets what the pool asks for room when a call's container does not fit after evicting idle
   * containers: the lease side's reclaim of expired allocs ({@link RoomMaker#NONE} for none). It is
   * called under the agent's lock and must not call back into the agent.
   */
  public void roomMaker(RoomMaker roomMaker) {
    synchronized (lock) {
      pool.roomMaker(roomMaker);
    }
  }

  /**
   * The agent's room maker for the node's other holders (a new alloc): evicts idle function
   * containers — never busy or starting ones — chosen by the eviction policy to cover all of what
   * is missing, or none when they cannot. Their grants are released when it returns; the containers
   * are removed in the background. Takes the agent's lock: never call it holding the lease book's.
   */
  public RoomMaker idleContainers() {
    return (missing, now) -> {
      List<Action> actions;
      synchronized (lock) {
        actions = pool.makeRoom(missing, now);
      }
      apply(actions);
      return !actions.isEmpty();
    };
  }

  /**
   * Another holder of the ledger released room (an alloc was freed or reclaimed): calls waiting for
   * a container may get one now. Takes the agent's lock: never call it holding the lease book's.
   */
  public void roomFreed() {
    decide(pool::roomFreed);
  }

  /** Every container this agent runs, sorted by name. */
  public List<ContainerView> containers() {
    return containers.views();
  }

  /** What the node runs and holds now. */
  public NodeStatus status() {
    PoolSnapshot s;
    synchronized (lock) {
      s = pool.snapshot();
    }
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
    timer.close();
    if (exitSubscription != null) {
      try {
        exitSubscription.close();
      } catch (Exception e) {
        log.debug("closing the exit subscription", e);
      }
    }
    List<Action> actions;
    synchronized (lock) {
      actions = pool.shutdown();
    }
    for (Action a : actions) {
      if (a instanceof Action.Reject r) {
        tell(r.call(), new Assignment.Refused(CallError.TOO_BUSY, CallError.TOO_BUSY.message()));
      }
    }
    containers.removeAll(Duration.ofSeconds(15));
    try {
      watcher.close();
    } catch (IOException e) {
      log.debug("closing the socket watcher", e);
    }
  }
}
