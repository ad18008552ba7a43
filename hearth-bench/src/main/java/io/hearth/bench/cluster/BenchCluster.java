package io.hearth.bench.cluster;

import io.hearth.bench.node.BenchNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Hearth nodes as real processes on 127.0.0.1 for the multi-node benchmarks: all-in-one or api
 * nodes, runners sharing this machine's Docker Engine (each labelling and accounting only its own
 * containers) and lbs over a fixed list of runners. The nodes that read functions share one
 * embedded H2 database in server mode ({@code AUTO_SERVER}: the first node to open it serves it to
 * the others), so no PostgreSQL is needed; runners need no datastore with a fixed list. Every
 * container carries the benchmark's labels. Closing stops every node (runners drain and remove
 * their containers) and deletes the data.
 *
 * <p>Used by one thread.
 */
public final class BenchCluster implements AutoCloseable {
  public static final Duration START = Duration.ofSeconds(120);
  private static final Duration STOP = Duration.ofSeconds(40);

  private final Path dir;
  private final String dbUrl;
  private final Map<String, String> common = new HashMap<>();
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final String classpath;
  private final String prefix = "c" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
  private int made;

  /** @param labels labels on every container the nodes start */
  public BenchCluster(Path dockerSocket, Map<String, String> labels) throws IOException {
    this(dockerSocket, labels, NodeProcess.classpath());
  }

  /**
   * Nodes of another build ({@code classpath}: {@link NodeProcess#classpathOfBuild}), e.g. a before
   * and after of a change in one run.
   */
  public BenchCluster(Path dockerSocket, Map<String, String> labels, String classpath) throws IOException {
    this.classpath = classpath;
    dir = Files.createTempDirectory("hearth-bench-cluster-");
    dbUrl = "jdbc:h2:file:" + dir.resolve("db").resolve("hearth") + ";AUTO_SERVER=TRUE";
    common.put("HEARTH_HOST", "127.0.0.1");
    common.put("HEARTH_DOCKER_SOCKET", dockerSocket.toString());
    common.put("HEARTH_DEMO", "false");
    common.put("HEARTH_CONTAINER_LABELS", labels(labels));
  }

  /** An all-in-one node on the shared datastore: runs calls itself and serves the management API. */
  public NodeProcess allInOne(String name) throws IOException {
    Map<String, String> env = node(name);
    env.put("HEARTH_DB_URL", dbUrl);
    env.put("HEARTH_PORT", "0");
    return start(name, List.of(), env);
  }

  /**
   * A JVM with the nodes' options and classpath that does nothing ({@link IdleJvm}): the floor of a
   * node process's memory.
   */
  public NodeProcess bareJvm(String name) throws IOException {
    NodeProcess p = NodeProcess.startMain(prefix + "-" + made++ + "-" + name, NodeProcess.classpath(),
        List.of(IdleJvm.class.getName()),
        Map.of(), dir);
    nodes.add(p);
    return p;
  }

  /** An api node on the shared datastore. */
  public NodeProcess api(String name) throws IOException {
    Map<String, String> env = node(name);
    env.put("HEARTH_DB_URL", dbUrl);
    env.put("HEARTH_PORT", "0");
    return start(name, List.of("--role", "api"), env);
  }

  /**
   * A runner, unregistered (lbs list it), with a memory cap (0: the machine's) and extra labels on
   * its containers.
   */
  public NodeProcess runner(String name, long memoryBytes, Map<String, String> extraLabels) throws IOException {
    Map<String, String> env = node(name);
    env.put("HEARTH_PORT", "0");
    env.put("HEARTH_GRPC_PORT", Integer.toString(NodeProcess.freePort()));
    env.put("HEARTH_DRAIN_TIMEOUT_MSECS", "10000");
    if (memoryBytes > 0) {
      env.put("HEARTH_MAX_TOTAL_MEMORY_BYTES", Long.toString(memoryBytes));
    }
    if (!extraLabels.isEmpty()) {
      env.put("HEARTH_CONTAINER_LABELS", common.get("HEARTH_CONTAINER_LABELS") + "," + labels(extraLabels));
    }
    return start(name, List.of("--role", "runner"), env);
  }

  /** An lb with this placer over these runners (their gRPC addresses, in order). */
  public NodeProcess lb(String name, String placer, List<String> runners) throws IOException {
    Map<String, String> env = node(name);
    env.put("HEARTH_DB_URL", dbUrl);
    env.put("HEARTH_PORT", "0");
    env.put("HEARTH_PLACER", placer);
    env.put("HEARTH_RUNNER_ADDRESSES", String.join(",", runners));
    env.put("HEARTH_RUNNER_POLL_MSECS", "200");
    return start(name, List.of("--role", "lb"), env);
  }

  /** Waits until each node runs (bounded); returns where each listens. */
  public static List<String> awaitRunning(List<NodeProcess> started) throws IOException, InterruptedException {
    List<String> where = new ArrayList<>();
    for (NodeProcess p : started) {
      where.add(p.awaitRunning(START));
    }
    return where;
  }

  /** Stops these nodes, all at once (runners drain and remove their containers). */
  public void stop(List<NodeProcess> some) throws InterruptedException {
    List<Thread> stops = new ArrayList<>();
    for (NodeProcess p : some) {
      stops.add(Thread.ofVirtual().start(() -> {
        try {
          p.stop(STOP);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (Thread t : stops) {
      t.join(STOP.plusSeconds(15));
    }
    nodes.removeAll(some);
  }

  /** Where the nodes' output is (kept until close). */
  public Path logs() {
    return dir;
  }

  private Map<String, String> node(String name) {
    String id = prefix + "-" + made++ + "-" + name;
    Map<String, String> env = new HashMap<>(common);
    env.put("HEARTH_NODE_ID", id);
    env.put("HEARTH_DATA_DIR", dir.resolve(id).toString());
    env.put("HEARTH_SOCKET_DIR", Path.of("/tmp/hb", id).toString()); // short: socket paths are limited
    return env;
  }

  private NodeProcess start(String name, List<String> args, Map<String, String> env) throws IOException {
    NodeProcess p = NodeProcess.start(env.get("HEARTH_NODE_ID"), classpath, args, env, dir);
    nodes.add(p);
    return p;
  }

  private static String labels(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /** Stops every node still running (lbs and api nodes first, then runners), then deletes the data and logs. */
  @Override
  public void close() throws InterruptedException {
    List<String> ids = nodes.stream().map(NodeProcess::name).toList();
    stop(nodes.stream().filter(p -> !p.name().endsWith("runner") && !p.name().contains("-runner")).toList());
    stop(List.copyOf(nodes));
    for (String id : ids) {
      BenchNode.deleteTree(Path.of("/tmp/hb", id));
    }
    BenchNode.deleteTree(dir);
  }
}
