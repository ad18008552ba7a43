package io.hearth.bench.clients;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.docker.DockerDriver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Engine calls a launch makes (create, start, inspect) and those of pausing, resuming and
 * retiring a container (pause, unpause, remove), timed per call on the real Docker Engine, with
 * Hearth's own client ({@link DockerDriver} over hearth-docker) and with docker-java (its zerodep
 * transport over the same socket), interleaved container by container. Every container is labelled
 * {@link #LABEL} with this run's id and removed; the loop is bounded by its count and by a deadline.
 */
final class EngineCalls {
  static final String LABEL = "io.hearth.bench.clients";

  enum Op { CREATE, START, INSPECT, PAUSE, UNPAUSE, REMOVE }

  /** Wall and calling-thread CPU nanoseconds per operation, one entry per container. */
  record Samples(Map<Op, List<Long>> wall, Map<Op, List<Long>> cpu, AtomicInteger pauseRefusals) {
    Samples() {
      this(new EnumMap<>(Op.class), new EnumMap<>(Op.class), new AtomicInteger());
      for (Op op : Op.values()) {
        wall.put(op, new ArrayList<>());
        cpu.put(op, new ArrayList<>());
      }
    }
  }

  private static final Duration READY_WITHIN = Duration.ofSeconds(60);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final DockerDriver driver;
  private final DockerClient dockerJava;
  private final String image;
  private final String runId = UUID.randomUUID().toString();
  private final Path socketRoot;

  EngineCalls(DockerDriver driver, Path socket, String image) throws IOException {
    this.driver = driver;
    this.image = image;
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + socket).build();
    this.dockerJava = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).maxConnections(8).connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(Duration.ofSeconds(60)).build());
    this.socketRoot = Files.createTempDirectory("hearth-clients-engine-");
  }

  /** Runs {@code containers} rounds, each one container per client (the order alternating). */
  Map<String, Samples> run(int containers, Duration limit) throws IOException {
    Map<String, Samples> out = new TreeMap<>();
    out.put("hearth", new Samples());
    out.put("docker-java", new Samples());
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      // One unmeasured round each, so that neither side's first use (class loading, JIT) is counted.
      once("hearth", -1, new Samples());
      once("docker-java", -1, new Samples());
      for (int i = 0; i < containers && System.nanoTime() < deadline; i++) {
        List<String> order = i % 2 == 0 ? List.of("hearth", "docker-java") : List.of("docker-java", "hearth");
        for (String side : order) {
          once(side, i, out.get(side));
        }
      }
    } finally {
      removeLeftovers();
    }
    return out;
  }

  private void once(String side, int i, Samples s) throws IOException {
    Path dir = socketRoot.resolve(side + "-" + (i + 1));
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    ContainerSpec spec = spec("hearth-clients-" + runId.substring(0, 8) + "-" + side + "-" + (i + 1), dir);
    boolean hearth = side.equals("hearth");
    String[] id = new String[1];
    time(s, Op.CREATE, () -> id[0] = hearth ? driver.create(spec) : createWithDockerJava(spec));
    time(s, Op.START, () -> {
      if (hearth) {
        driver.start(id[0]);
      } else {
        dockerJava.startContainerCmd(id[0]).exec();
      }
    });
    time(s, Op.INSPECT, () -> {
      boolean running = hearth ? driver.inspect(id[0]).running()
          : Boolean.TRUE.equals(dockerJava.inspectContainerCmd(id[0]).exec().getState().getRunning());
      if (!running) {
        throw new IllegalStateException("container " + id[0] + " is not running after start");
      }
    });
    awaitReady(dir, id[0]); // the agent pauses only containers that became ready (and idle)
    pauseAndUnpause(s, hearth, id[0]);
    time(s, Op.REMOVE, () -> {
      if (hearth) {
        driver.remove(id[0]);
      } else {
        dockerJava.removeContainerCmd(id[0]).withForce(true).withRemoveVolumes(true).exec();
      }
    });
    deleteTree(dir);
  }

  /**
   * Pauses and resumes the container, timed, when the engine can: on some machines runc fails to
   * freeze at times ("unable to freeze"); such a refusal is counted, not timed, and the agent
   * freezes through the cgroup itself anyway ({@code CgroupFreezer}).
   */
  private void pauseAndUnpause(Samples s, boolean hearth, String id) {
    try {
      time(s, Op.PAUSE, () -> {
        if (hearth) {
          driver.pause(id);
        } else {
          dockerJava.pauseContainerCmd(id).exec();
        }
      });
    } catch (RuntimeException e) { // DriverException, or docker-java's InternalServerErrorException
      s.pauseRefusals().incrementAndGet();
      return;
    }
    time(s, Op.UNPAUSE, () -> {
      if (hearth) {
        driver.unpause(id);
      } else {
        dockerJava.unpauseContainerCmd(id).exec();
      }
    });
  }

  /** Waits, untimed, until the function published its socket: a JVM starting is no time to freeze it. */
  private static void awaitReady(Path dir, String id) {
    long until = System.nanoTime() + READY_WITHIN.toNanos();
    while (!Files.exists(dir.resolve("lsnr.sock"))) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("container " + id + " did not publish its socket within " + READY_WITHIN);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** The spec the agent gives a function container (ContainerLauncher), with this run's label. */
  private ContainerSpec spec(String name, Path dir) {
    return new ContainerSpec(name, image, Map.of("FN_FORMAT", "http-stream", "FN_LISTENER",
        "unix:" + ContainerSpec.CONTAINER_SOCKET_DIR + "/lsnr.sock"), Map.of(LABEL, runId), dir, 128L << 20, 0,
        64, 1024, true, 0, "1000:1000");
  }

  /** The same create body as ContainerConfig's, built with docker-java's model. */
  private String createWithDockerJava(ContainerSpec spec) {
    List<String> env = new ArrayList<>();
    new TreeMap<>(spec.env()).forEach((k, v) -> env.add(k + "=" + v));
    HostConfig host = HostConfig.newHostConfig().withNetworkMode("none")
        .withBinds(Bind.parse(spec.socketDir() + ":" + ContainerSpec.CONTAINER_SOCKET_DIR))
        .withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes()).withPidsLimit(spec.pidsLimit())
        .withUlimits(List.of(new Ulimit("nofile", spec.nofile(), spec.nofile())))
        .withReadonlyRootfs(spec.readOnlyRootfs()).withTmpFs(Map.of("/tmp", "mode=1777")).withInit(true)
        .withCapDrop(Capability.ALL).withSecurityOpts(List.of("no-new-privileges"))
        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "1m", "max-file", "1")))
        .withAutoRemove(false).withRestartPolicy(RestartPolicy.noRestart());
    return dockerJava.createContainerCmd(spec.image()).withName(spec.name()).withEnv(env)
        .withLabels(new TreeMap<>(spec.labels())).withUser(spec.user()).withAttachStdin(false)
        .withAttachStdout(false).withAttachStderr(false).withTty(false).withStdinOpen(false)
        .withHostConfig(host).exec().getId();
  }

  private static void time(Samples s, Op op, Runnable call) {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long t = System.nanoTime();
    call.run();
    s.wall().get(op).add(System.nanoTime() - t);
    s.cpu().get(op).add(THREADS.getCurrentThreadCpuTime() - cpu);
  }

  /** Removes any container of this run still there (a call failed midway). */
  private void removeLeftovers() {
    for (String id : driver.list(Map.of(LABEL, runId))) {
      driver.remove(id);
    }
  }

  /** Closes docker-java's client and removes the socket directories (never throws: it runs in a finally). */
  void close() {
    try {
      dockerJava.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("clients: closing docker-java failed: " + e);
    }
    deleteTree(socketRoot);
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("clients: cannot remove " + root + ": " + e);
    }
  }
}
