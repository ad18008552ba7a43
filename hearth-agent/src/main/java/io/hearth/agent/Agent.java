package io.hearth.agent;

import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException;
import io.hearth.core.slot.SlotKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: runs each call in a warm container of its function, starting one when none is
 * idle, and retires containers whose keep-alive ran out, that broke, or that the engine reports
 * stopped.
 *
 * <p>Threads: calls run on their callers' (virtual) threads; a container is used by one call at a
 * time because it leaves the {@link WarmPool} while busy. One timer thread fires execution timeouts
 * and the janitor; the engine's exit events arrive on the driver's thread. Removing containers
 * happens on virtual threads so that no call waits for it.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  /** How often the janitor looks for expired idle containers; keep-alives are whole seconds. */
  private static final Duration JANITOR_PERIOD = Duration.ofMillis(500);
  /**
   * How long to wait for the engine to report a container stopped after its connection broke: a
   * process that broke it by dying is reported within milliseconds; one that merely closed its
   * connection keeps running, and the call should not wait long to say so.
   */
  private static final Duration EXIT_GRACE = Duration.ofMillis(300);

  private final AgentConfig config;
  private final ContainerDriver driver;
  private final InstantSource clock;
  private final WarmPool pool = new WarmPool();
  private final SocketWatcher watcher;
  private final ContainerLauncher launcher;
  private final CallExchange exchange;
  private final ScheduledExecutorService timer;
  private final AtomicLong coldStarts = new AtomicLong();
  private final AtomicLong warmStarts = new AtomicLong();
  private AutoCloseable exitSubscription;

  public Agent(AgentConfig config, ContainerDriver driver, InstantSource clock, RandomGenerator random)
      throws IOException {
    this.config = config;
    this.driver = driver;
    this.clock = clock;
    this.watcher = new SocketWatcher();
    this.timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("hearth-agent-timer").factory());
    this.launcher = new ContainerLauncher(config, driver, watcher, pool, this::retire, random);
    this.exchange = new CallExchange(config, timer, clock, this::diagnose);
  }

  /**
   * Removes what an earlier process of this node left behind, then starts following container
   * exits and the keep-alive janitor.
   */
  public void start() throws IOException {
    Map<String, String> mine = Map.of(AgentConfig.NODE_LABEL, config.nodeId());
    for (String id : driver.list(mine)) {
      log.info("removing container {} left behind by an earlier run of node {}", id, config.nodeId());
      driver.remove(id);
    }
    Files.createDirectories(config.socketRoot());
    try (Stream<Path> stale = Files.list(config.socketRoot())) {
      stale.forEach(Agent::deleteTree);
    }
    exitSubscription = driver.onExit(mine, this::onExit);
    timer.scheduleWithFixedDelay(this::expireIdle, JANITOR_PERIOD.toMillis(), JANITOR_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Runs one call; the response streams to {@code sink}. Never throws for a call's failure. */
  public CallResult call(CallRequest request, ResponseSink sink) {
    long start = System.nanoTime();
    if (config.maxRequestBytes() > 0 && request.length() > config.maxRequestBytes()) {
      return new CallResult.Failed(CallError.REQUEST_TOO_LARGE, CallError.REQUEST_TOO_LARGE.message(), false,
          new CallResult.Timings(0, 0, 0), "");
    }
    SlotKey slot = SlotKey.of(request.app(), request.fn());
    FunctionContainer c;
    long initNanos = 0;
    try {
      c = takeWarm(slot);
      if (c == null) {
        long launchStart = System.nanoTime();
        c = launcher.launch(slot);
        initNanos = System.nanoTime() - launchStart;
        coldStarts.incrementAndGet();
      } else {
        warmStarts.incrementAndGet();
      }
    } catch (CallFailure f) {
      long queued = System.nanoTime() - start;
      return new CallResult.Failed(f.error, f.getMessage(), false, new CallResult.Timings(queued, 0, 0), "");
    }
    long ready = System.nanoTime();
    CallExchange.Outcome outcome = exchange.run(c, request, sink);
    c.calls++;
    if (outcome.keepContainer() && !c.exited()) {
      pool.putIdle(c, clock.instant());
    } else {
      retire(c);
    }
    CallResult.Timings timings = new CallResult.Timings(ready - start - initNanos, initNanos, System.nanoTime() - ready);
    return outcome.failure() == null
        ? new CallResult.Completed(outcome.status(), timings, "")
        : new CallResult.Failed(outcome.failure(), outcome.message(), outcome.committed(), timings, "");
  }

  /** The most recently idled usable container of the slot, retiring dead ones found on the way. */
  private FunctionContainer takeWarm(SlotKey slot) {
    FunctionContainer c;
    while ((c = pool.takeIdle(slot)) != null) {
      if (c.usable()) {
        return c;
      }
      log.info("container {} stopped while idle; replacing it", c);
      retire(c);
    }
    return null;
  }

  /** Retires the idle containers of a function that was changed or deleted. */
  public void retireFunction(String fnId) {
    pool.takeIdleOf(fnId).forEach(this::retire);
  }

  /** Every container this agent runs, newest first is not guaranteed; sorted by name. */
  public List<ContainerView> containers() {
    List<ContainerView> out = new ArrayList<>();
    for (FunctionContainer c : pool.all()) {
      out.add(new ContainerView(c.id, c.name, c.slot.fnId(), pool.isIdle(c), c.calls));
    }
    out.sort(Comparator.comparing(ContainerView::name));
    return out;
  }

  /** What the node runs and holds now. */
  public NodeStatus status() {
    Map<String, Integer> byState = new java.util.TreeMap<>();
    Map<String, Integer> byFn = new java.util.TreeMap<>();
    for (ContainerView c : containers()) {
      byState.merge(c.idle() ? "idle" : "busy", 1, Integer::sum);
      byFn.merge(c.fnId(), 1, Integer::sum);
    }
    return new NodeStatus(0, 0, 0, 0, byState, byFn, 0, coldStarts.get(), warmStarts.get(), 0, 0);
  }

  public long coldStarts() {
    return coldStarts.get();
  }

  public long warmStarts() {
    return warmStarts.get();
  }

  private void onExit(String id) {
    FunctionContainer c = pool.byId(id);
    if (c == null) {
      return;
    }
    c.markExited();
    if (pool.takeIfIdle(c)) {
      log.info("idle container {} stopped; removing it", c);
      retire(c);
    }
  }

  private void expireIdle() {
    try {
      for (FunctionContainer c : pool.takeExpired(clock.instant())) {
        log.debug("container {} idle for its keep-alive of {} s; retiring it", c, c.slot.idleTimeoutSecs());
        retire(c);
      }
    } catch (RuntimeException e) {
      log.warn("janitor failed; will try again", e);
    }
  }

  /**
   * Why a container's connection broke: waits briefly for the engine to report it stopped, then
   * names out-of-memory, a non-zero exit, or a plain broken connection.
   */
  private CallExchange.Outcome diagnose(FunctionContainer c) {
    try {
      c.awaitExit(EXIT_GRACE); // the engine's die event; inspect below tells how it ended either way
      ContainerState state = driver.inspect(c.id);
      if (!state.running()) {
        c.markExited();
        if (state.oomKilled()) {
          return CallExchange.Outcome.failed(CallError.OUT_OF_MEMORY, CallError.OUT_OF_MEMORY.message());
        }
        if (state.exitCode() > 0) {
          return CallExchange.Outcome.failed(CallError.EXITED, CallError.EXITED.message(state.exitCode()));
        }
      }
    } catch (DriverException e) {
      log.warn("cannot inspect container {}: {}", c, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CallExchange.Outcome.failed(CallError.RECEIVE_FAILED, CallError.RECEIVE_FAILED.message());
  }

  /** Takes a container out of service and removes it in the background; idempotent. */
  private void retire(FunctionContainer c) {
    pool.forget(c);
    if (c.connection != null) {
      c.connection.abort();
    }
    Thread.ofVirtual().name("hearth-retire-" + c.name).start(() -> remove(c));
  }

  private void remove(FunctionContainer c) {
    try {
      if (c.id != null) {
        driver.remove(c.id);
      }
    } catch (DriverException e) {
      log.warn("cannot remove container {}: {}", c, e.getMessage());
    }
    deleteTree(c.socketDir);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (exitSubscription != null) {
      try {
        exitSubscription.close();
      } catch (Exception e) {
        log.debug("closing the exit subscription", e);
      }
    }
    List<Thread> removals = new ArrayList<>();
    for (FunctionContainer c : pool.all()) {
      pool.forget(c);
      if (c.connection != null) {
        c.connection.abort();
      }
      removals.add(Thread.ofVirtual().start(() -> remove(c)));
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

  private static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          log.debug("cannot delete {}: {}", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      log.debug("cannot walk {}: {}", root, e.getMessage());
    }
  }
}
