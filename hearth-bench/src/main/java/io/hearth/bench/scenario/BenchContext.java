package io.hearth.bench.scenario;

import io.hearth.bench.cluster.BenchCluster;
import io.hearth.bench.floor.DirectFleet;
import io.hearth.bench.floor.FloorSpec;
import io.hearth.bench.load.Latencies;
import io.hearth.bench.node.BenchNode;
import io.hearth.bench.node.HearthApi;
import io.hearth.docker.DockerDriver;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What scenarios share in one run: the sizes, the engine, the image, the labels every container
 * gets, one Hearth node with default settings and the direct-call fleet next to it (both started
 * on first use), and a progress log.
 *
 * <p>Used by one thread (scenarios run one after another).
 */
public final class BenchContext implements AutoCloseable {
  /** Memory of every benchmark function, MB (Fn's default). */
  static final int FN_MEMORY_MB = 128;
  /** Idle timeout of benchmark functions: long enough to stay warm between phases. */
  static final int FN_IDLE_SECS = 120;
  static final int FN_TIMEOUT_SECS = 30;
  /** The leases scenario's exec image unless --exec-image names another: any image with {@code true}. */
  public static final String DEFAULT_EXEC_IMAGE = "busybox:latest";
  /** Longest wait for a deleted function's containers to be gone. */
  private static final long GONE_WAIT_MILLIS = 60_000;

  private final Sizes sizes;
  private final DockerDriver driver;
  private final String image;
  private final Map<String, String> labels;
  private final Map<String, String> nodeSettings;
  private final Path dockerSocket;
  private final String execImage;
  private final Path floorRoot =
      Path.of("/tmp/hb", "f" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
  private final AtomicInteger names = new AtomicInteger();
  private BenchNode node;
  private String appId;
  private DirectFleet fleet;
  private final List<EngineStarts> followers = new ArrayList<>();
  private CostSizes costSizes = CostSizes.defaults();
  private Path lbCompare;
  private Path repoRoot = Path.of(".");

  /** @param nodeSettings HEARTH_* settings of the shared node (and of the many-functions node) */
  public BenchContext(Sizes sizes, DockerDriver driver, String image, Map<String, String> labels,
      Map<String, String> nodeSettings, Path dockerSocket) {
    this(sizes, driver, image, labels, nodeSettings, dockerSocket, DEFAULT_EXEC_IMAGE);
  }

  /** @param execImage the image of the leases scenario's execs (run with {@code true}; never pulled) */
  public BenchContext(Sizes sizes, DockerDriver driver, String image, Map<String, String> labels,
      Map<String, String> nodeSettings, Path dockerSocket, String execImage) {
    this.execImage = execImage;
    this.dockerSocket = dockerSocket;
    this.sizes = sizes;
    this.driver = driver;
    this.image = image;
    this.labels = Map.copyOf(labels);
    this.nodeSettings = Map.copyOf(nodeSettings);
  }

  public Sizes sizes() {
    return sizes;
  }

  /** Sizes of issue 16's scenarios; the defaults unless set before the first scenario runs. */
  public CostSizes costSizes() {
    return costSizes;
  }

  public void costSizes(CostSizes sizes) {
    this.costSizes = java.util.Objects.requireNonNull(sizes, "sizes");
  }

  /** Another build the lb scenario runs beside this one (before/after in one run), when set. */
  public java.util.Optional<Path> lbCompare() {
    return java.util.Optional.ofNullable(lbCompare);
  }

  /**
   * @param root a checkout built with {@code mvnw package}, or null for none
   * @param self this build's checkout: in a comparison its nodes run on its server classpath too
   *             (not the benchmark's, which holds more jars), so that both sides load the same way
   */
  public void lbCompare(Path root, Path self) {
    this.lbCompare = root;
    this.repoRoot = self;
  }

  /** This build's checkout (for its server classpath). */
  Path repoRoot() {
    return repoRoot;
  }

  DockerDriver driver() {
    return driver;
  }

  String image() {
    return image;
  }

  /** The image the leases scenario runs its execs of. */
  String execImage() {
    return execImage;
  }

  Map<String, String> labels() {
    return labels;
  }

  /** The shared node (default settings), started on first use. */
  BenchNode node() throws Exception {
    if (node == null) {
      log("starting a Hearth node" + (nodeSettings.isEmpty() ? " (default settings)" : " with " + nodeSettings));
      node = BenchNode.start(driver, labels, nodeSettings);
      appId = node.api().createApp("bench");
    }
    return node;
  }

  /** A node with these settings on top of the run's node settings; the caller closes it. */
  BenchNode startNode(Map<String, String> settings) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(nodeSettings);
    all.putAll(settings);
    log("starting a Hearth node with " + all);
    return BenchNode.start(driver, labels, all);
  }

  /** Nodes as processes of their own (the multi-node scenarios); the caller closes it. */
  BenchCluster cluster() throws java.io.IOException {
    return new BenchCluster(dockerSocket, labels);
  }

  /** Nodes of another build (its server classpath) as processes of their own; the caller closes it. */
  BenchCluster cluster(String classpath) throws java.io.IOException {
    return new BenchCluster(dockerSocket, labels, classpath);
  }

  /** A function of the benchmark image as every scenario makes it. */
  HearthApi.FnSpec fnSpec(String name) {
    return new HearthApi.FnSpec(name, image, FN_MEMORY_MB, FN_TIMEOUT_SECS, FN_IDLE_SECS);
  }

  /** Creates a function of the benchmark image on the shared node; returns its id. */
  String newFn(String prefix) throws Exception {
    return newFn(node(), appId, prefix);
  }

  String newFn(BenchNode on, String app, String prefix) throws Exception {
    return on.api().createFn(app, new HearthApi.FnSpec(prefix + "-" + names.incrementAndGet(), image, FN_MEMORY_MB,
        FN_TIMEOUT_SECS, FN_IDLE_SECS));
  }

  /**
   * The warm floor's containers, made like the shared node's containers of a reference function
   * (same image, limits and environment but for the function's ids and name).
   */
  DirectFleet fleet() throws Exception {
    if (fleet == null) {
      String ref = newFn("floor-ref");
      fleet = new DirectFleet(driver, new FloorSpec(node.slotKey(ref), node.config(), labels, floorRoot));
    }
    return fleet;
  }

  /**
   * Deletes the function and waits (bounded) until the engine has none of its containers left, so
   * that their removal does not overlap what comes next.
   */
  void retire(BenchNode on, String fnId) throws Exception {
    on.api().deleteFn(fnId);
    long deadline = System.currentTimeMillis() + GONE_WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline && !driver.list(Map.of("io.hearth.fn", fnId)).isEmpty()) {
      Latencies.pause(100);
    }
  }

  /** Counts the containers carrying {@code label=value} that the engine starts from now on; closed with the context. */
  EngineStarts followStarts(String label, String value) {
    EngineStarts f = EngineStarts.follow(driver.engine(), label, value);
    followers.add(f);
    return f;
  }

  /** A floor spec for cold starts: like the fleet's. */
  FloorSpec floorSpec() throws Exception {
    return fleet().floor();
  }

  public void log(String message) {
    System.err.println("hearth bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + message);
  }

  @Override
  public void close() {
    followers.forEach(EngineStarts::close);
    if (fleet != null) {
      fleet.close();
    }
    if (node != null) {
      node.close();
    }
    floorRoot.toFile().delete();
  }
}
