package io.hearth.agent;

import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.pool.Action;
import io.hearth.core.pool.EvictionPolicy;
import io.hearth.core.pool.KeepAlivePolicy;
import io.hearth.core.pool.NodePool;
import io.hearth.core.pool.PoolSnapshot;
import io.hearth.core.slot.SlotKey;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: the shell around {@link NodePool}. Each event — a call arrives, a container is
 * ready or failed to start, a call ends, a container exits, time passes — is decided by the pool
 * under {@link #lock}, and the resulting actions are carried out here, outside the lock: starting
 * containers on virtual threads, handing containers to waiting calls, freezing and removing.
 *
 * <p>Threads: calls run on their callers' (virtual) threads and block until the pool assigns them
 * a container or refuses them. {@link #lock} guards the pool, {@code pending} and {@code
 * containers}; the engine-id index is concurrent for the engine's event thread. {@link PoolTimer}
 * ticks the pool when something is due.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private final AgentConfig config;
  private final ContainerDriver driver;
  private final Clock clock;
  private final Object lock = new Object();
  private final NodePool pool;
  private final java.util.HashMap<Long, CompletableFuture<Assignment>> pending = new java.util.HashMap<>();
  private final java.util.HashMap<Long, FunctionContainer> containers = new java.util.HashMap<>();
  private final Map<String, FunctionContainer> byEngineId = new ConcurrentHashMap<>();
  private final AtomicLong callIds = new AtomicLong();
  /** Each function's slot key, kept while the caller hands over the same app and fn objects (its cache does). */
  private final Map<String, SlotMemo> slotKeys = new ConcurrentHashMap<>();

  private record SlotMemo(App app, Fn fn, SlotKey key) {}
  private final SocketWatcher watcher;
  private final ContainerLauncher launcher;
  private final CallExchange exchange;
  private final PoolTimer timer;
  private final ContainerOps ops;
  private AutoCloseable exitSubscription;

  /** What a waiting call is given: a container, or the reason it cannot have one. */
  private sealed interface Assignment {
    record Container(FunctionContainer container, boolean cold) implements Assignment {}

    record Refused(CallError error, String message) implements Assignment {}

    /** The client went away while the call waited. */
    record Abandoned() implements Assignment {}
  }

  /**
   * @param clock     all the agent's time: the pool's instants, timings, readiness deadlines
   * @param scheduler runs pool ticks and execution timeouts; the caller's, and still the caller's to
   *                  close after the agent closed
   */
  public Agent(AgentConfig config, ContainerDriver driver, Clock clock, Scheduler scheduler, RandomGenerator random,
      EvictionPolicy eviction, KeepAlivePolicy keepAlive, Freezer freezer, ContainerOutput output)
      throws IOException {
    this.config = config;
    this.driver = driver;
    this.clock = clock;
    this.pool = new NodePool(config.pool(), eviction, keepAlive);
    this.watcher = new SocketWatcher(clock, scheduler);
    this.timer = new PoolTimer(clock, scheduler, this::tick, () -> {
      synchronized (lock) {
        return pool.nextDeadline();
      }
    });
    this.launcher = new ContainerLauncher(config, driver, watcher, c -> byEngineId.put(c.id, c), output, random, clock);
    this.ops = new ContainerOps(driver, freezer, byEngineId);
    this.exchange = new CallExchange(config, scheduler, clock, ops::diagnose);
  }

  /**
   * Removes what an earlier process of this node left behind, then starts following container
   * exits.
   */
  public void start() throws IOException {
    Map<String, String> mine = Map.of(AgentConfig.NODE_LABEL, config.nodeId());
    for (String id : driver.list(mine)) {
      log.info("removing container {} left behind by an earlier run of node {}", id, config.nodeId());
      driver.remove(id);
    }
    Files.createDirectories(config.socketRoot());
    try (Stream<Path> stale = Files.list(config.socketRoot())) {
      stale.forEach(ContainerOps::deleteTree);
    }
    exitSubscription = driver.onExit(mine, this::onExit);
  }

  /** Runs one call; the response streams to {@code sink}. Never throws for a call's failure. */
  public CallResult call(CallRequest request, ResponseSink sink) {
    long start = clock.nanoTime();
    return switch (admit(request, start)) {
      case Admission.Refused r -> r.failure();
      case Admission.Admitted a -> run(a.container(), a.cold(), request, sink, start);
    };
  }

  /**
   * Starts a detached call (Fn-Invoke-Type: detached): reads its body, then returns once it has a
   * container, and the call runs on in the background, its answer discarded and its result given to
   * {@code onEnd}; or returns why it was refused (it then never runs).
   */
  public Optional<CallResult.Failed> start(CallRequest request, Consumer<CallResult> onEnd) {
    long start = clock.nanoTime();
    byte[] body;
    try (InputStream in = new LimitedInputStream(request.body(), config.maxRequestBytes())) {
      body = in.readAllBytes();
    } catch (LimitedInputStream.TooLarge e) {
      return Optional.of(failed(CallError.REQUEST_TOO_LARGE, CallError.REQUEST_TOO_LARGE.message(), 0));
    } catch (IOException e) {
      return Optional.of(failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(), clock.nanoTime() - start));
    }
    CallRequest held = new CallRequest(request.callId(), request.app(), request.fn(), request.headers(),
        new ByteArrayInputStream(body), body.length); // the client's connection may be gone when it is read
    return switch (admit(held, start)) {
      case Admission.Refused r -> Optional.of(r.failure());
      case Admission.Admitted a -> {
        Thread.ofVirtual().name("hearth-detached-" + request.callId()).start(() ->
            onEnd.accept(run(a.container(), a.cold(), held, DISCARD, start)));
        yield Optional.empty();
      }
    };
  }

  private static final ResponseSink DISCARD = (status, headers, length) -> OutputStream.nullOutputStream();

  /** A call's way past the pool: the container it runs in, or why it has none. */
  private sealed interface Admission {
    record Admitted(FunctionContainer container, boolean cold) implements Admission {}

    record Refused(CallResult.Failed failure) implements Admission {}
  }

  /** Waits until the pool gives the call a container, refuses it, or the client goes away. */
  private Admission admit(CallRequest request, long start) {
    if (config.maxRequestBytes() > 0 && request.length() > config.maxRequestBytes()) {
      return new Admission.Refused(failed(CallError.REQUEST_TOO_LARGE, CallError.REQUEST_TOO_LARGE.message(), 0));
    }
    long call = callIds.incrementAndGet();
    CompletableFuture<Assignment> assigned = new CompletableFuture<>();
    List<Action> actions;
    synchronized (lock) {
      pending.put(call, assigned);
      actions = pool.submit(call, slotKey(request.app(), request.fn()), clock.instant());
    }
    apply(actions);
    request.clientGone().thenRun(() -> assigned.complete(new Assignment.Abandoned()));
    Assignment assignment;
    try {
      assignment = assigned.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(call, assigned);
      return new Admission.Refused(failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(),
          clock.nanoTime() - start));
    } catch (ExecutionException e) {
      throw new IllegalStateException("assignment failed", e.getCause());
    }
    return switch (assignment) {
      case Assignment.Abandoned a -> {
        cancel(call, assigned);
        yield new Admission.Refused(failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message(),
            clock.nanoTime() - start));
      }
      case Assignment.Refused r -> new Admission.Refused(failed(r.error(), r.message(), clock.nanoTime() - start));
      case Assignment.Container a -> new Admission.Admitted(a.container(), a.cold());
    };
  }

  private CallResult run(FunctionContainer c, boolean cold, CallRequest request, ResponseSink sink, long start) {
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
    List<Action> actions;
    synchronized (lock) {
      actions = pool.finished(c.poolId, reusable, clock.instant());
    }
    apply(actions);
    if (outcome.whole() != null) { // the container is free before the client has its answer
      try {
        sink.complete(outcome.status(), outcome.whole().headers(), outcome.whole().body());
      } catch (IOException e) {
        outcome = CallExchange.Outcome.failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message()).afterCommit();
      }
    }
    long init = cold ? c.initNanos : 0;
    CallResult.Timings timings = new CallResult.Timings(Math.max(0, ready - start - init), init,
        clock.nanoTime() - ready);
    return outcome.failure() == null
        ? new CallResult.Completed(outcome.status(), timings, output)
        : new CallResult.Failed(outcome.failure(), outcome.message(), outcome.committed(), timings, output);
  }

  /** The function's slot key, computed again only when the app or fn objects change. */
  private SlotKey slotKey(App app, Fn fn) {
    SlotMemo memo = slotKeys.get(fn.id());
    if (memo == null || memo.app() != app || memo.fn() != fn) {
      memo = new SlotMemo(app, fn, SlotKey.of(app, fn));
      slotKeys.put(fn.id(), memo);
    }
    return memo.key();
  }

  /**
   * Takes a waiting call out of the pool. A container the pool assigned it meanwhile goes back
   * unused: here when the assignment reached the call first, in {@link #apply} otherwise.
   */
  private void cancel(long call, CompletableFuture<Assignment> assigned) {
    synchronized (lock) {
      pending.remove(call);
      pool.cancel(call);
    }
    assigned.complete(new Assignment.Abandoned());
    if (assigned.getNow(null) instanceof Assignment.Container a) {
      giveBack(a.container());
    }
  }

  private void giveBack(FunctionContainer c) {
    c.busy = false;
    List<Action> actions;
    synchronized (lock) {
      actions = pool.finished(c.poolId, c.usable(), clock.instant());
    }
    apply(actions);
  }

  /** Starts {@code count} containers of the function ahead of calls, as far as room allows. */
  public void prewarm(App app, Fn fn, int count) {
    List<Action> actions;
    synchronized (lock) {
      actions = pool.prewarm(SlotKey.of(app, fn), count, clock.instant());
    }
    apply(actions);
  }

  /**
   * Keeps the function's {@link SlotKey#MIN_WARM_ANNOTATION min_warm} containers started, replacing
   * its earlier setting (0 ends it).
   */
  public void keepWarm(App app, Fn fn) {
    List<Action> actions;
    synchronized (lock) {
      actions = pool.keepWarm(SlotKey.of(app, fn), SlotKey.minWarm(fn), clock.instant());
    }
    apply(actions);
  }

  /** The function was changed or deleted: its containers retire (busy ones after their call). */
  public void retireFunction(String fnId) {
    slotKeys.remove(fnId);
    List<Action> actions;
    synchronized (lock) {
      actions = pool.retireFunction(fnId, clock.instant());
    }
    apply(actions);
  }

  /** Carries out the pool's decisions, in order, outside the lock. */
  private void apply(List<Action> actions) {
    for (Action action : actions) {
      switch (action) {
        case Action.Launch l -> launch(l);
        case Action.Assign a -> {
          FunctionContainer c;
          CompletableFuture<Assignment> waiter;
          synchronized (lock) {
            c = containers.get(a.container());
            waiter = pending.remove(a.call());
          }
          c.busy = true; // before the waiter runs, so a late freeze skips it
          if (waiter == null || !waiter.complete(new Assignment.Container(c, a.cold()))) {
            giveBack(c); // the call left the queue just before
          }
        }
        case Action.Reject r -> {
          CompletableFuture<Assignment> waiter;
          synchronized (lock) {
            waiter = pending.remove(r.call());
          }
          CallError error = r.reason() == Action.Rejection.TOO_BIG ? CallError.TOO_BIG : CallError.TOO_BUSY;
          if (waiter != null) {
            waiter.complete(new Assignment.Refused(error, error.message()));
          }
        }
        case Action.FailWithLaunch f -> {
          CompletableFuture<Assignment> waiter;
          FunctionContainer c;
          synchronized (lock) {
            waiter = pending.remove(f.call());
            c = containers.get(f.container());
          }
          if (waiter != null) {
            waiter.complete(new Assignment.Refused(c.launchFailure.error, c.launchFailure.getMessage()));
          }
        }
        case Action.Retire r -> retire(r.container(), r.reason());
        case Action.Freeze f -> freeze(f.container());
      }
    }
    timer.rearm();
  }

  private void launch(Action.Launch l) {
    FunctionContainer c = launcher.prepare(l.container(), l.slot());
    synchronized (lock) {
      containers.put(c.poolId, c);
    }
    Thread.ofVirtual().name("hearth-launch-" + c.name).start(() -> {
      List<Action> actions;
      try {
        launcher.launch(c);
        synchronized (lock) {
          actions = pool.ready(c.poolId, clock.instant());
        }
      } catch (CallFailure f) {
        c.launchFailure = f;
        synchronized (lock) {
          actions = pool.launchFailed(c.poolId, clock.instant());
        }
        actions = new ArrayList<>(actions);
        actions.add(new Action.Retire(c.poolId, Action.RetireReason.BROKEN)); // clean up what was made
      }
      apply(actions);
    });
  }

  private void freeze(long poolId) {
    FunctionContainer c;
    synchronized (lock) {
      c = containers.get(poolId);
    }
    if (c != null) {
      Thread.ofVirtual().name("hearth-freeze").start(() -> ops.freeze(c));
    }
  }

  private void tick() {
    List<Action> actions;
    synchronized (lock) {
      actions = pool.tick(clock.instant());
    }
    apply(actions);
  }

  private void onExit(String engineId) {
    FunctionContainer c = byEngineId.get(engineId);
    if (c == null) {
      return;
    }
    c.markExited();
    List<Action> actions;
    synchronized (lock) {
      actions = pool.exited(c.poolId, clock.instant());
    }
    apply(actions);
  }

  /** Every container this agent runs, sorted by name. */
  public List<ContainerView> containers() {
    List<ContainerView> out = new ArrayList<>();
    synchronized (lock) {
      for (FunctionContainer c : containers.values()) {
        out.add(new ContainerView(c.id, c.name, c.slot.fnId(), !c.busy && c.connection != null, c.calls));
      }
    }
    out.sort(Comparator.comparing(ContainerView::name));
    return out;
  }

  /** What the node runs and holds now. */
  public NodeStatus status() {
    PoolSnapshot s;
    synchronized (lock) {
      s = pool.snapshot();
    }
    return new NodeStatus(s.capacity().memoryBytes(), s.used().memoryBytes(), s.capacity().cpuMillis(),
        s.used().cpuMillis(), s.byState(), s.byFunction(), s.waiting(), s.coldStarts(), s.warmStarts(), s.refused(),
        s.evictions());
  }

  /** Takes a container out of service and removes it in the background. */
  private void retire(long poolId, Action.RetireReason reason) {
    FunctionContainer c;
    synchronized (lock) {
      c = containers.remove(poolId);
    }
    if (c == null) {
      return;
    }
    log.debug("retiring {} ({})", c, reason);
    if (c.connection != null) {
      c.connection.abort();
    }
    Thread.ofVirtual().name("hearth-retire-" + c.name).start(() -> ops.remove(c));
  }

  private static CallResult.Failed failed(CallError error, String message, long queuedNanos) {
    return new CallResult.Failed(error, message, false, new CallResult.Timings(queuedNanos, 0, 0), CallOutput.NONE);
  }

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
    List<FunctionContainer> all;
    synchronized (lock) {
      actions = pool.shutdown();
      all = List.copyOf(containers.values());
    }
    for (Action a : actions) {
      if (a instanceof Action.Reject r) {
        CompletableFuture<Assignment> waiter;
        synchronized (lock) {
          waiter = pending.remove(r.call());
        }
        if (waiter != null) {
          waiter.complete(new Assignment.Refused(CallError.TOO_BUSY, CallError.TOO_BUSY.message()));
        }
      }
    }
    synchronized (lock) {
      containers.clear();
    }
    List<Thread> removals = new ArrayList<>();
    for (FunctionContainer c : all) {
      if (c.connection != null) {
        c.connection.abort();
      }
      removals.add(Thread.ofVirtual().start(() -> ops.remove(c)));
    }
    for (Thread t : removals) {
      try {
        t.join(Duration.ofSeconds(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      watcher.close();
    } catch (IOException e) {
      log.debug("closing the socket watcher", e);
    }
  }
}
