package io.hearth.bench.node;

import io.hearth.bench.load.Endpoint;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.slot.SlotKey;
import io.hearth.server.HearthServer;
import io.hearth.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An all-in-one Hearth node started in this process for a benchmark: listening on a free port of
 * 127.0.0.1, embedded datastore in a temporary directory, sockets under {@code /tmp/hb/<node>},
 * no demo, its containers carrying the benchmark's labels. Closing it removes its containers and
 * its data.
 */
public final class BenchNode implements AutoCloseable {
  private final HearthServer server;
  private final Path dataDir;
  private final Path socketRoot;
  private final String nodeId;
  private final HearthApi api;

  private BenchNode(HearthServer server, Path dataDir, Path socketRoot, String nodeId) {
    this.server = server;
    this.dataDir = dataDir;
    this.socketRoot = socketRoot;
    this.nodeId = nodeId;
    this.api = new HearthApi(server.port());
  }

  /**
   * Starts a node.
   *
   * @param labels   labels for every container it starts
   * @param settings further HEARTH_* settings (e.g. a memory cap), on top of the benchmark's
   */
  public static BenchNode start(ContainerDriver driver, Map<String, String> labels, Map<String, String> settings)
      throws Exception {
    String nodeId = "b" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path dataDir = Files.createTempDirectory("hearth-bench-");
    Path socketRoot = Path.of("/tmp/hb", nodeId); // short: socket paths are limited to 107 bytes
    Map<String, String> env = new HashMap<>();
    env.put("HEARTH_HOST", "127.0.0.1");
    env.put("HEARTH_PORT", "0");
    env.put("HEARTH_DATA_DIR", dataDir.toString());
    env.put("HEARTH_NODE_ID", nodeId);
    env.put("HEARTH_SOCKET_DIR", socketRoot.toString());
    env.put("HEARTH_DEMO", "false");
    env.put("HEARTH_CONTAINER_LABELS", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(",")));
    env.putAll(settings);
    try {
      return new BenchNode(HearthServer.start(ServerConfig.fromEnv(env), driver), dataDir, socketRoot, nodeId);
    } catch (Exception e) {
      deleteTree(dataDir);
      throw e;
    }
  }

  public HearthApi api() {
    return api;
  }

  public String nodeId() {
    return nodeId;
  }

  /** The node's HTTP port on 127.0.0.1. */
  public int port() {
    return server.port();
  }

  public Endpoint endpoint() {
    return Endpoint.loopback(server.port());
  }

  /** The slot key the agent gives the function's containers, so a floor container can be made the same. */
  public SlotKey slotKey(String fnId) {
    Fn fn = server.functions().fns().get(fnId).orElseThrow(() -> new IllegalArgumentException("no fn " + fnId));
    App app = server.functions().apps().get(fn.appId()).orElseThrow();
    return SlotKey.of(app, fn);
  }

  /** The settings the node runs with, for the report. */
  public ServerConfig config() {
    return server.config();
  }

  @Override
  public void close() {
    server.close();
    deleteTree(dataDir);
    deleteTree(socketRoot);
  }

  /** Deletes a directory and everything in it, if it exists. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
