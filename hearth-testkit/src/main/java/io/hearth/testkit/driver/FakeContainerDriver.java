package io.hearth.testkit.driver;

import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException;
import io.hearth.core.driver.LogSink;
import io.hearth.core.time.Scheduler;
import io.hearth.fdk.Fdk;
import io.hearth.fdk.FdkServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A container driver without an engine: each "container" is an FDK server in this process,
 * listening on the container's socket directory exactly as a function in a container would
 * ({@code lsnr.sock}, a relative symlink to the socket), so the agent's readiness rules, unix-socket
 * client and call exchange run for real. How containers behave is chosen per image
 * ({@link #image}); exits and out-of-memory kills are triggered by the test ({@link #exit},
 * {@link #oomKill}) and reported to {@link #onExit} subscribers as the engine's die events are.
 *
 * <p>Threads: any thread may call; {@code this} guards the containers ({@link FakeContainer}), the
 * images ({@link FakeImages}) and subscribers; {@link StartWatches} counts starts;
 * subscribers are told outside it, on the thread that caused the exit.
 */
public final class FakeContainerDriver implements ContainerDriver {
  private final Scheduler scheduler;
  private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
  private final FakeImages images = new FakeImages();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private int nextId = 1;
  private final StartWatches starts = new StartWatches();
  /** The fake engine died ({@link #die}): every later engine call fails with ENGINE_UNAVAILABLE. */
  private volatile boolean dead;

  private record Subscription(Map<String, String> labels, Consumer<String> onExit) {}

  /** One {@link #followLog} handle; {@code ended} is guarded by the driver. */
  final class LogFollower implements AutoCloseable {
    final FakeContainer container;
    final LogSink sink;
    boolean ended;

    LogFollower(FakeContainer container, LogSink sink) {
      this.container = container;
      this.sink = sink;
    }

    @Override
    public void close() {
      synchronized (FakeContainerDriver.this) {
        if (ended) {
          return;
        }
        ended = true;
        container.logFollowers.remove(this);
      }
      sink.ended(null);
    }
  }

  /** @param scheduler runs start latencies: a manual clock in unit tests */
  public FakeContainerDriver(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Containers of {@code image} behave so from now on. */
  public synchronized FakeContainerDriver image(String image, FakeBehavior behavior) {
    images.behave(image, behavior);
    return this;
  }

  /** Containers of images not named with {@link #image} behave so. */
  public synchronized FakeContainerDriver otherImages(FakeBehavior behavior) {
    images.otherwise(behavior);
    return this;
  }

  /**
   * {@code image} is not on the node yet but can be pulled: create fails with IMAGE_NOT_FOUND (the
   * engine's 404) until {@link #ensureImage} has pulled it.
   */
  public synchronized FakeContainerDriver unpulledImage(String image) {
    images.unpulled(image);
    return this;
  }

  /** How many times {@link #ensureImage} was asked (each is an image lookup on a real engine). */
  public synchronized int imageChecks() {
    return images.checks();
  }

  /** {@code image} is not on the node and cannot be pulled: create and {@link #ensureImage} fail with IMAGE_NOT_FOUND. */
  public synchronized FakeContainerDriver missingImage(String image) {
    images.missing(image);
    return this;
  }

  /**
   * The engine dies: its running containers are killed (exit 137, subscribers hear of it), and
   * from now on image checks, create, start and inspect fail with ENGINE_UNAVAILABLE as the real
   * driver's do when the engine's socket refuses.
   */
  public void die() {
    List<FakeContainer> running;
    synchronized (this) {
      dead = true;
      running = containers.values().stream().filter(c -> c.running).toList();
    }
    running.forEach(c -> stop(c, 137, false));
  }

  private void failWhenDead(String what) {
    if (dead) {
      throw new DriverException(DriverException.Kind.ENGINE_UNAVAILABLE, "the fake engine is gone (" + what + ")");
    }
  }

  @Override
  public synchronized void ensureImage(String image, Duration pullTimeout) {
    failWhenDead("image " + image);
    images.checked(image);
    if (images.isMissing(image)) {
      throw new DriverException(DriverException.Kind.IMAGE_NOT_FOUND,
          "Failed to pull image '" + image + "': not found (fake driver)");
    }
  }

  @Override
  public synchronized String create(ContainerSpec spec) {
    failWhenDead("create");
    if (images.absent(spec.image())) { // the engine's 404
      throw new DriverException(DriverException.Kind.IMAGE_NOT_FOUND, "No such image: " + spec.image() + " (fake driver)");
    }
    String id = String.format("fake%060d", nextId++);
    containers.put(id, new FakeContainer(id, spec, images.behaviorOf(spec.image())));
    return id;
  }

  @Override
  public void start(String id) {
    FakeContainer c;
    Runnable next;
    synchronized (this) {
      failWhenDead("start " + id);
      c = existing(id);
      if (c.behavior.start() == FakeBehavior.Start.FAIL) {
        throw new DriverException(DriverException.Kind.FAILED, "cannot start container " + id + " (fake driver)");
      }
      c.started = true;
      c.running = true;
      next = switch (c.behavior.start()) {
        case LISTEN -> () -> listen(c);
        case EXIT -> () -> stop(c, c.behavior.exitCode(), false);
        case NEVER_LISTEN, FAIL -> () -> {};
      };
      if (!c.behavior.startLatency().isZero()) {
        scheduler.schedule(c.behavior.startLatency(), next); // before a test waiting for the start hears of it
        next = () -> {};
      }
      starts.started();
    }
    next.run();
  }

  private void listen(FakeContainer c) {
    synchronized (this) {
      if (!c.running || c.server != null || c.spec.socketDir() == null) {
        return; // an exec container (no socket directory) just runs until it exits or is killed
      }
      try {
        c.server = Fdk.serve(c.spec.socketDir().resolve("lsnr.sock"), c.spec.env(), c.behavior.handler());
      } catch (IOException e) {
        throw new UncheckedIOException("the fake container " + c.id + " cannot listen", e);
      }
    }
  }

  /** The container's process exits with {@code code}: its connections break, subscribers hear of it. */
  public void exit(String id, int code) {
    stop(existingSync(id), code, false);
  }

  /** The kernel kills the container for memory (exit 137, OOMKilled). */
  public void oomKill(String id) {
    stop(existingSync(id), 137, true);
  }

  /**
   * The container writes {@code text} to its stdout: its log keeps it and its {@link #followLog}
   * followers get it, on the calling thread.
   */
  public void write(String id, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<LogSink> sinks;
    synchronized (this) {
      FakeContainer c = existing(id);
      c.log.writeBytes(bytes);
      sinks = c.logFollowers.stream().map(f -> f.sink).toList();
    }
    sinks.forEach(s -> s.output(bytes, 0, bytes.length));
  }

  /**
   * Replays what the container wrote so far ({@link #write}), then follows; for a stopped container
   * the log ends at once, on the calling thread.
   */
  @Override
  public AutoCloseable followLog(String id, LogSink sink) {
    LogFollower f;
    byte[] past;
    boolean stopped;
    synchronized (this) {
      FakeContainer c = existing(id);
      f = new LogFollower(c, sink);
      past = c.log.toByteArray();
      stopped = !c.running && c.started;
      if (stopped) {
        f.ended = true;
      } else {
        c.logFollowers.add(f);
      }
    }
    if (past.length > 0) {
      sink.output(past, 0, past.length);
    }
    if (stopped) {
      sink.ended(null);
    }
    return f;
  }

  private void stop(FakeContainer c, int code, boolean oom) {
    List<Consumer<String>> tell = new ArrayList<>();
    List<LogSink> logsEnd = new ArrayList<>();
    FdkServer server;
    synchronized (this) {
      if (!c.running) {
        return;
      }
      for (LogFollower f : c.logFollowers) {
        f.ended = true;
        logsEnd.add(f.sink);
      }
      c.logFollowers.clear();
      c.running = false;
      c.paused = false;
      c.exitCode = code;
      c.oomKilled = oom;
      server = c.server;
      for (Subscription s : subscriptions) {
        if (c.spec.labels().entrySet().containsAll(s.labels().entrySet())) {
          tell.add(s.onExit());
        }
      }
    }
    // Subscribers hear of the exit before the connections break, so what the agent finds out about
    // a broken call does not depend on which thread runs first.
    logsEnd.forEach(sink -> sink.ended(null));
    tell.forEach(t -> t.accept(c.id));
    if (server != null) {
      server.close();
    }
  }

  @Override
  public synchronized void pause(String id) {
    FakeContainer c = existing(id);
    if (!c.running) {
      throw new DriverException(DriverException.Kind.FAILED, "container " + id + " is not running");
    }
    c.paused = true;
  }

  @Override
  public synchronized void unpause(String id) {
    existing(id).paused = false;
  }

  @Override
  public void kill(String id) {
    stop(existingSync(id), 137, false);
  }

  @Override
  public void remove(String id) {
    FakeContainer c;
    synchronized (this) {
      c = containers.get(id);
      if (c == null || c.removed) {
        return;
      }
    }
    stop(c, 137, false);
    synchronized (this) {
      c.removed = true;
    }
  }

  @Override
  public synchronized ContainerState inspect(String id) {
    failWhenDead("inspect " + id);
    FakeContainer c = containers.get(id);
    if (c == null || c.removed) {
      return ContainerState.gone();
    }
    return new ContainerState(c.running, c.paused, c.running ? 0 : c.exitCode, c.oomKilled, "");
  }

  @Override
  public synchronized List<String> list(Map<String, String> labels) {
    return containers.values().stream().filter(c -> !c.removed)
        .filter(c -> c.spec.labels().entrySet().containsAll(labels.entrySet())).map(c -> c.id).toList();
  }

  @Override
  public synchronized Map<String, Map<String, String>> listLabels(Map<String, String> labels) {
    Map<String, Map<String, String>> found = new LinkedHashMap<>();
    containers.values().stream().filter(c -> !c.removed)
        .filter(c -> c.spec.labels().entrySet().containsAll(labels.entrySet()))
        .forEach(c -> found.put(c.id, c.spec.labels()));
    return found;
  }

  @Override
  public synchronized AutoCloseable onExit(Map<String, String> labels, Consumer<String> onExit) {
    Subscription s = new Subscription(Map.copyOf(labels), onExit);
    subscriptions.add(s);
    return () -> {
      synchronized (FakeContainerDriver.this) {
        subscriptions.remove(s);
      }
    };
  }

  /** Stops every container's server. */
  @Override
  public synchronized void close() {
    for (FakeContainer c : containers.values()) {
      if (c.server != null) {
        c.server.close();
      }
    }
  }

  /**
   * Waits (real time, up to {@code timeout}) until {@code count} containers have been started: how
   * a test knows the agent's launch thread got that far (a start latency is then scheduled).
   *
   * @throws AssertionError when they were not
   */
  public void awaitStarts(int count, Duration timeout) throws InterruptedException {
    starts.await(count, timeout);
  }

  /** How many containers were started (successfully). */
  public int starts() {
    return starts.count();
  }

  /** Ids of the containers that were created and not removed, running or not. */
  public synchronized List<String> present() {
    return containers.values().stream().filter(c -> !c.removed).map(c -> c.id).toList();
  }

  /** Ids of the containers running now (listening or not). */
  public synchronized List<String> running() {
    return containers.values().stream().filter(c -> c.running).map(c -> c.id).toList();
  }

  /** Whether the container is paused. */
  public synchronized boolean paused(String id) {
    return existing(id).paused;
  }

  /** The container whose name is {@code name}, if it was created. */
  public synchronized Optional<FakeContainer> byName(String name) {
    return containers.values().stream().filter(c -> c.spec.name().equals(name)).findFirst();
  }

  private FakeContainer existing(String id) {
    FakeContainer c = containers.get(id);
    if (c == null || c.removed) {
      throw new DriverException(DriverException.Kind.NO_SUCH_CONTAINER, "No such container: " + id);
    }
    return c;
  }

  private synchronized FakeContainer existingSync(String id) {
    return existing(id);
  }
}
