package io.hearth.agent;

import io.hearth.core.call.CallError;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException;
import io.hearth.core.slot.SlotKey;
import io.hearth.core.time.Clock;
import io.hearth.uds.UdsConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a function container and waits until it listens: makes its socket directory, watches it,
 * creates the container with the node's hardening (pulling its image only when the create says it
 * is missing), follows its output, starts it, and connects once Fn's socket rules are met.
 * Stateless apart from its collaborators; called concurrently from calls' threads.
 */
final class ContainerLauncher {
  private static final Logger log = LoggerFactory.getLogger(ContainerLauncher.class);
  private static final long MB = 1024 * 1024;
  /** How a container's process ends when the engine stops it: SIGTERM, then SIGKILL after its stop timeout. */
  private static final int SIGTERM_EXIT = 128 + 15;
  private static final int SIGKILL_EXIT = 128 + 9;

  private final AgentConfig config;
  private final ContainerDriver driver;
  private final SocketWatcher watcher;
  private final Consumer<FunctionContainer> created;
  private final ContainerOutput output;
  private final RandomGenerator random;
  private final Clock clock;

  /** @param created told of each container once the engine has given it an id, before it starts */
  ContainerLauncher(AgentConfig config, ContainerDriver driver, SocketWatcher watcher,
      Consumer<FunctionContainer> created, ContainerOutput output, RandomGenerator random, Clock clock) {
    this.clock = clock;
    this.output = output;
    this.config = config;
    this.driver = driver;
    this.watcher = watcher;
    this.created = created;
    this.random = random;
  }

  /** A new container's identity: its name and socket directory. */
  FunctionContainer prepare(long poolId, SlotKey slot) {
    String suffix = HexFormat.of().toHexDigits(random.nextLong()).substring(0, 12);
    return new FunctionContainer(poolId, "hearth-" + config.nodeId() + "-" + suffix, slot,
        config.socketRoot().resolve(suffix));
  }

  /**
   * Starts the container and connects to it. On failure the caller removes what was created (the
   * container and its socket directory) and the failure says what to answer.
   */
  void launch(FunctionContainer c) throws CallFailure {
    SlotKey slot = c.slot;
    long start = clock.nanoTime();
    SocketWatcher.Registration watch = null;
    try {
      Files.createDirectory(c.socketDir);
      // The function runs as another user and must create its socket here.
      Files.setPosixFilePermissions(c.socketDir, PosixFilePermissions.fromString("rwxrwxrwx"));
      watch = watcher.register(c.socketDir);
      c.id = create(c);
      start += c.pullNanos; // a pull is not the container's start: the call's timings count it as waiting
      created.accept(c);
      c.log = CallLog.withDefaults(clock::nanoTime);
      c.output = output.follow(c.id, c.log);
      driver.start(c.id);
      Duration initTimeout = slot.initTimeoutMillis() > 0 ? Duration.ofMillis(slot.initTimeoutMillis())
          : config.startTimeout();
      SocketRules.Check check = watch.await(initTimeout, c::exited);
      switch (check) {
        case SocketRules.Check.Ready ready -> {
          connect(c, ready.socket());
          c.initNanos = clock.nanoTime() - start;
        }
        case SocketRules.Check.Invalid invalid -> {
          log.info("container {} of fn {} failed to initialize: {}", c, slot.fnId(), invalid.reason());
          throw initFailure(c, CallError.INIT_FAILED);
        }
        case SocketRules.Check.NotYet notYet when c.exited() -> {
          log.info("container {} of fn {} exited before it created its socket", c, slot.fnId());
          throw initFailure(c, CallError.INIT_FAILED);
        }
        case SocketRules.Check.NotYet notYet -> {
          log.info("container {} of fn {} did not create its socket within {} ms", c, slot.fnId(),
              initTimeout.toMillis());
          throw initFailure(c, CallError.INIT_TIMED_OUT);
        }
      }
    } catch (DriverException e) {
      throw new CallFailure(CallError.ENGINE_FAILED, CallError.ENGINE_FAILED.message(e.getMessage()));
    } catch (IOException e) {
      throw new CallFailure(CallError.ENGINE_FAILED,
          CallError.ENGINE_FAILED.message("cannot prepare the socket directory: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailure(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message());
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /**
   * Creates the container, making sure of its image only when the engine says it has none: the
   * engine's create answers 404 for a missing image, so a present one (every launch but the first
   * on a node) costs no image lookup before the create. A missing image is pulled (or refused, as
   * the node's registries say) and the create tried once more.
   */
  private String create(FunctionContainer c) throws CallFailure {
    ContainerSpec spec = spec(c);
    try {
      return driver.create(spec);
    } catch (DriverException e) {
      if (e.kind() != DriverException.Kind.IMAGE_NOT_FOUND) {
        throw e;
      }
    }
    long pullStart = clock.nanoTime();
    try {
      driver.ensureImage(c.slot.image(), config.pullTimeout());
    } catch (DriverException e) {
      throw switch (e.kind()) {
        case IMAGE_PULL_TIMEOUT -> new CallFailure(CallError.PULL_TIMED_OUT, CallError.PULL_TIMED_OUT.message());
        case IMAGE_NOT_FOUND -> new CallFailure(CallError.PULL_FAILED, e.getMessage());
        default -> new CallFailure(CallError.ENGINE_FAILED, CallError.ENGINE_FAILED.message(e.getMessage()));
      };
    }
    c.pullNanos = clock.nanoTime() - pullStart;
    return driver.create(spec);
  }

  private void connect(FunctionContainer c, Path socket) throws CallFailure {
    try {
      c.connection = UdsConnection.open(socket);
      c.socket = socket;
    } catch (IOException e) {
      log.info("container {} created its socket but does not accept connections: {}", c, e.getMessage());
      throw initFailure(c, CallError.INIT_FAILED);
    }
  }

  /**
   * Why a started container never listened: the function's fault ({@code error}, Fn's message),
   * unless the engine is gone or stopped the container itself. When the engine dies or shuts down
   * mid-start it stops the container, which then looks like a function that exited or never made
   * its socket; one look at the container tells them apart: an engine that does not answer, or a
   * container ended by SIGTERM or SIGKILL (not for memory) that Hearth did not stop, is the node's
   * failure (503, as when create or start fails on the engine).
   */
  private CallFailure initFailure(FunctionContainer c, CallError error) {
    String why;
    try {
      ContainerState state = driver.inspect(c.id);
      int code = state.exitCode();
      if (state.running() || state.oomKilled() || (code != SIGTERM_EXIT && code != SIGKILL_EXIT)) {
        return new CallFailure(error, error.message());
      }
      why = "it stopped the container (exit code " + code + ") while it started; is it shutting down or restarting?";
    } catch (DriverException e) {
      if (e.kind() != DriverException.Kind.ENGINE_UNAVAILABLE) {
        return new CallFailure(error, error.message());
      }
      why = "it became unavailable while the container started (" + e.getMessage() + ")";
    }
    log.warn("container {} of fn {} did not start because of the container engine: {}", c, c.slot.fnId(), why);
    return new CallFailure(CallError.ENGINE_FAILED, CallError.ENGINE_FAILED.message(why));
  }

  private ContainerSpec spec(FunctionContainer c) {
    SlotKey slot = c.slot;
    Map<String, String> labels = new HashMap<>(config.labels());
    labels.put(AgentConfig.NODE_LABEL, config.nodeId());
    labels.put(AgentConfig.FN_LABEL, slot.fnId());
    return new ContainerSpec(c.name, slot.image(), slot.env(), labels,
        c.socketDir, slot.memoryMb() * MB, slot.cpuMillis(), config.pidsLimit(), config.nofile(),
        config.readOnlyRootfs(), 0, config.user());
  }
}
