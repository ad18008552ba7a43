package io.hearth.server;

import io.hearth.core.pool.FreezePolicy;
import io.hearth.server.http.HttpLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of an all-in-one node, parsed once from the environment in {@code main}. Each
 * setting has a {@code HEARTH_*} name; where Fn has the same knob, its {@code FN_*} name is accepted
 * too (the Hearth name wins when both are set). The README's configuration table lists them.
 *
 * @param dbSync   embedded H2: answer a write only once it is forced to disk (survives a power cut)
 * @param nodeId   null to use the id kept in the data directory (made on first start)
 * @param demo     on first start with an empty datastore, create the "demo" app with "hello"
 * @param apiToken   bearer token the management API requires, or "" for none
 * @param invokeAuth whether the invoke endpoints require the token too
 * @param callRecords   whether every call is recorded (its record and log kept in the datastore)
 * @param callRetention how long call records are kept; zero keeps them forever
 * @param cluster       the node's role and how lbs and runners find each other
 * @param async         how the node takes and runs async calls
 */
public record ServerConfig(
    String host,
    int port,
    HttpLimits.Settings httpLimits,
    Path dataDir,
    String dbUrl,
    boolean dbSync,
    Path dockerSocket,
    Set<String> imageRegistries,
    String publicUrl,
    String nodeId,
    Path socketRoot,
    Duration startTimeout,
    Duration pullTimeout,
    long maxRequestBytes,
    long maxResponseBytes,
    long maxPids,
    boolean readOnlyRootfs,
    Duration fnCacheTtl,
    boolean demo,
    Map<String, String> containerLabels,
    String apiToken,
    boolean invokeAuth,
    boolean callRecords,
    Duration callRetention,
    PoolSettings pool,
    ClusterSettings cluster,
    JobSettings jobs,
    io.hearth.server.async.AsyncSettings async) {

  public ServerConfig {
    containerLabels = Map.copyOf(containerLabels);
    imageRegistries = Set.copyOf(imageRegistries);
  }

  /**
   * The node pool's settings.
   *
   * @param maxMemoryBytes cap on the memory given to containers, 0: what the machine has less headroom
   * @param maxCpuMillis   cap on the CPU given to containers, 0: the machine's CPUs
   * @param freezeIdle     whether and when to pause idle containers
   * @param maxQueueWait   longest a call waits for a container before 503
   * @param nonBlocking    503 at once when full and nothing can be evicted
   * @param keepAlivePolicy how long idle containers live and which are evicted: a KeepAliveChoice name
   * @param maxDiskBytes   scratch disk the node offers allocs, 0: the free space of the data dir's
   *                       filesystem, probed at start
   * @param gpus           GPUs the node offers allocs
   * @param resources      other named resources the node offers allocs, by name (all positive)
   * @param maxConcurrentStarts most containers starting at once for calls; 0: two per CPU the node
   *                       gives containers (at least two), worked out where the CPUs are probed
   * @param waitForBusy    a waiting call starts a container only when no busy one of its function is
   *                       expected to free sooner than a start (measured per slot)
   */
  public record PoolSettings(long maxMemoryBytes, long maxCpuMillis, FreezePolicy freezeIdle, Duration maxQueueWait,
      boolean nonBlocking, String keepAlivePolicy, long maxDiskBytes, long gpus, Map<String, Long> resources,
      int maxConcurrentStarts, boolean waitForBusy) {
    public PoolSettings {
      resources = Map.copyOf(resources);
    }
  }

  /** One setting: its names, default and meaning, for parsing and for the README's table. */
  public record Setting(String name, String fnAlias, String fallback, String meaning) {}

  public static final List<Setting> SETTINGS = java.util.stream.Stream.concat(java.util.stream.Stream.of(
      new Setting("HEARTH_HOST", null, "127.0.0.1", "address the HTTP API listens on"),
      new Setting("HEARTH_PORT", "FN_PORT", "8080", "HTTP port of every role, runners included (0 picks a free one)"),
      new Setting("HEARTH_HTTP_HEADER_TIMEOUT_MSECS", null, "10000", "longest a request head may take to "
          + "arrive whole; slower connections are closed"),
      new Setting("HEARTH_HTTP_MAX_CONNECTIONS_PER_CLIENT", null, "512", "most connections one client address "
          + "may hold open; more are closed at once"),
      new Setting("HEARTH_DATA_DIR", null, "data", "where the embedded datastore and the node id live"),
      new Setting("HEARTH_DB_URL", "FN_DB_URL", "", "datastore: empty for embedded H2 in the data dir, or "
          + "postgres://user:pass@host:5432/db, or a jdbc: URL"),
      new Setting("HEARTH_DB_SYNC", null, "true", "embedded H2: answer a write only once it is forced to disk, so it "
          + "survives a power cut; false: it survives a kill -9 of the node, not a power cut (faster writes)"),
      new Setting("HEARTH_DOCKER_SOCKET", null, "/var/run/docker.sock", "the Docker Engine's socket"),
      new Setting("HEARTH_IMAGE_REGISTRIES", null, "", "registries missing images may be pulled from, comma "
          + "separated (docker.io for Docker Hub, * for any); empty: local images only"),
      new Setting("HEARTH_PUBLIC_URL", "FN_PUBLIC_LB_URL", "", "base URL for generated endpoint annotations; "
          + "empty: the request's own scheme and host"),
      new Setting("HEARTH_NODE_ID", null, "", "names this node's containers; empty: made once and kept in the data dir"),
      new Setting("HEARTH_SOCKET_DIR", null, "/tmp/hearth/<node id>", "host directory for containers' socket "
          + "directories (keep it short: socket paths are limited to 107 bytes)"),
      new Setting("HEARTH_HOT_START_TIMEOUT_MSECS", "FN_HOT_START_TIMEOUT_MSECS", "10000",
          "longest a container may take to create its socket"),
      new Setting("HEARTH_HOT_PULL_TIMEOUT_MSECS", "FN_HOT_PULL_TIMEOUT_MSECS", "600000", "longest an image pull may take"),
      new Setting("HEARTH_MAX_REQUEST_SIZE", "FN_MAX_REQUEST_SIZE", "0", "largest request body in bytes, 0: no limit"),
      new Setting("HEARTH_MAX_RESPONSE_SIZE", "FN_MAX_RESPONSE_SIZE", "0", "largest function response body in bytes, 0: no limit"),
      new Setting("HEARTH_MAX_PIDS", "FN_MAX_PIDS", "64", "processes and threads per container (a JVM needs ~20)"),
      new Setting("HEARTH_DISABLE_READONLY_ROOTFS", "FN_DISABLE_READONLY_ROOTFS", "false",
          "give containers a writable root filesystem"),
      new Setting("HEARTH_FN_CACHE_MSECS", null, "1000", "how long /invoke and /t/ use what they read from the "
          + "datastore before reading it again (in the background, serving the old answer meanwhile)"),
      new Setting("HEARTH_DEMO", null, "true", "on first start with an empty embedded datastore, deploy the demo app "
          + "with the hello function"),
      new Setting("HEARTH_MAX_TOTAL_MEMORY_BYTES", "FN_MAX_TOTAL_MEMORY_BYTES", "0",
          "cap on the memory given to containers; 0: the machine's (or cgroup's) memory less a headroom"),
      new Setting("HEARTH_MAX_TOTAL_CPU_MCPUS", "FN_MAX_TOTAL_CPU_MCPUS", "0",
          "cap on the CPU given to containers in milli-CPUs; 0: the machine's CPUs"),
      new Setting("HEARTH_MAX_DISK_BYTES", null, "0",
          "scratch disk the node offers allocs, bytes; 0: the free space of the data dir's filesystem at start"),
      new Setting("HEARTH_GPUS", null, "0", "GPUs the node offers allocs"),
      new Setting("HEARTH_RESOURCES", null, "", "other resources the node offers allocs, as name=amount,name=amount "
          + "(whole numbers; an alloc asks for them by name)"),
      new Setting("HEARTH_FREEZE_IDLE_MSECS", "FN_FREEZE_IDLE_MSECS", "50",
          "pause a container idle this long; negative: never"),
      new Setting("HEARTH_MAX_CONCURRENT_STARTS", null, "0", "most containers starting at once for calls; "
          + "0: two per CPU given to containers, at least two"),
      new Setting("HEARTH_LAUNCH_WAIT_FOR_BUSY", null, "false", "a waiting call starts a container only when no "
          + "busy container of its function is expected to free sooner than a new one could start"),
      new Setting("HEARTH_MAX_QUEUE_WAIT_MSECS", null, "30000",
          "longest a call waits for a container before it is refused with 503"),
      new Setting("HEARTH_ENABLE_NB_RESOURCE_TRACKER", "FN_ENABLE_NB_RESOURCE_TRACKER", "false",
          "refuse with 503 at once when the node is full and nothing can be evicted, instead of waiting"),
      new Setting("HEARTH_KEEPALIVE_POLICY", null, "adaptive",
          "how long idle containers are kept and which are evicted: adaptive (learned per function and rank, "
          + "see Benchmarks), per-function (each fn's idle_timeout, as Fn), fixed (10 min), histogram (idle-time "
          + "histograms), greedy-dual (keep while memory lasts)"),
      new Setting("HEARTH_CONTAINER_LABELS", null, "", "extra labels for every function container, as "
          + "key=value,key=value"),
      new Setting("HEARTH_API_TOKEN", null, "", "bearer token the management API (/v2/...) requires; empty: no "
          + "authentication"),
      new Setting("HEARTH_INVOKE_AUTH", null, "false", "whether /invoke/... and /t/... require the token too"),
      new Setting("HEARTH_CALL_RECORDS", null, "true", "record every call (status, times, log) for "
          + "/v2/fns/{fn_id}/calls"),
      new Setting("HEARTH_CALL_RETENTION_HOURS", null, "168", "how long call records and logs are kept, hours; "
          + "0: forever"),
      new Setting("HEARTH_MAX_ASYNC_BODY", null, "1048576", "largest request body of an async call "
          + "(Fn-Invoke-Type: async), bytes; larger is 413"),
      new Setting("HEARTH_ASYNC_MAX_QUEUED", null, "10000", "most async calls a function may have queued or "
          + "running; more is 429 with Retry-After"),
      new Setting("HEARTH_ASYNC_MAX_RESULT_BODY", null, "1048576", "most of an async call's answer body kept "
          + "for GET .../calls/{call_id}/result, bytes"),
      new Setting("HEARTH_ASYNC_WORKERS", null, "8", "most async calls this node runs at once; 0: none"),
      new Setting("HEARTH_ASYNC_LEASE_MSECS", null, "30000", "how long an async claim or a detached call's owner "
          + "lease holds without renewal (renewed every third of it): a dead node's calls return, or end, after it")),
      java.util.stream.Stream.concat(ClusterSettings.SETTINGS.stream(), JobSettings.SETTINGS.stream())).toList();

  private static String keepAlivePolicy(String name) {
    if (!io.hearth.core.pool.KeepAliveChoice.NAMES.contains(name)) {
      throw new IllegalArgumentException("HEARTH_KEEPALIVE_POLICY must be one of "
          + String.join(", ", io.hearth.core.pool.KeepAliveChoice.NAMES) + ", not '" + name + "'");
    }
    return name;
  }

  private static Map<String, String> labels(String raw) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String pair : raw.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("HEARTH_CONTAINER_LABELS must be key=value pairs separated by commas, not '"
            + raw + "'");
      }
      out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return out;
  }

  /** Names a node cannot declare in HEARTH_RESOURCES: the built-in resources, by their own and their JSON names. */
  static final java.util.Set<String> BUILT_IN_RESOURCES = java.util.Set.of(
      io.hearth.core.ledger.Resources.MEMORY, io.hearth.core.ledger.Resources.CPU, io.hearth.core.ledger.Resources.DISK,
      io.hearth.core.ledger.Resources.GPU, "memory_bytes", "cpu_mcpus", "disk_bytes", "gpus");

  /** HEARTH_RESOURCES: {@code name=amount} pairs separated by commas, each amount a whole number from 0. */
  static Map<String, Long> resources(String raw) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String pair : raw.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? "" : pair.substring(0, eq).strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("HEARTH_RESOURCES must be name=amount pairs separated by commas "
            + "(e.g. fpga=2,licenses=10), not '" + pair.strip() + "'");
      }
      if (BUILT_IN_RESOURCES.contains(name)) {
        throw new IllegalArgumentException("HEARTH_RESOURCES cannot declare '" + name + "': memory, CPU, disk and "
            + "GPUs have their own settings (HEARTH_MAX_TOTAL_MEMORY_BYTES, HEARTH_MAX_TOTAL_CPU_MCPUS, "
            + "HEARTH_MAX_DISK_BYTES, HEARTH_GPUS)");
      }
      String amount = pair.substring(eq + 1).strip();
      long n;
      try {
        n = Long.parseLong(amount);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0) {
        throw new IllegalArgumentException("HEARTH_RESOURCES: the amount of '" + name
            + "' must be a whole number from 0, not '" + amount + "'");
      }
      if (out.put(name, n) != null) {
        throw new IllegalArgumentException("HEARTH_RESOURCES names '" + name + "' twice");
      }
    }
    return out;
  }

  /** Parses the settings; a malformed value is an IllegalArgumentException naming the setting. */
  public static ServerConfig fromEnv(Map<String, String> env) {
    Reader r = new Reader(env);
    String nodeId = r.text("HEARTH_NODE_ID");
    String socketDir = r.text("HEARTH_SOCKET_DIR");
    return new ServerConfig(
        r.text("HEARTH_HOST"),
        (int) r.number("HEARTH_PORT", 0, 65535),
        new HttpLimits.Settings(Duration.ofMillis(r.number("HEARTH_HTTP_HEADER_TIMEOUT_MSECS", 1, 3_600_000)),
            (int) r.number("HEARTH_HTTP_MAX_CONNECTIONS_PER_CLIENT", 1, 1_000_000)),
        Path.of(r.text("HEARTH_DATA_DIR")),
        r.text("HEARTH_DB_URL"),
        r.bool("HEARTH_DB_SYNC"),
        Path.of(r.text("HEARTH_DOCKER_SOCKET")),
        registries(r.text("HEARTH_IMAGE_REGISTRIES")),
        r.text("HEARTH_PUBLIC_URL"),
        nodeId.isEmpty() ? null : nodeId,
        socketDir.startsWith("/tmp/hearth/<") ? null : Path.of(socketDir),
        Duration.ofMillis(r.number("HEARTH_HOT_START_TIMEOUT_MSECS", 1, Long.MAX_VALUE)),
        Duration.ofMillis(r.number("HEARTH_HOT_PULL_TIMEOUT_MSECS", 1, Long.MAX_VALUE)),
        r.number("HEARTH_MAX_REQUEST_SIZE", 0, Long.MAX_VALUE),
        r.number("HEARTH_MAX_RESPONSE_SIZE", 0, Long.MAX_VALUE),
        r.number("HEARTH_MAX_PIDS", 0, Long.MAX_VALUE),
        !r.bool("HEARTH_DISABLE_READONLY_ROOTFS"),
        Duration.ofMillis(r.number("HEARTH_FN_CACHE_MSECS", 0, Long.MAX_VALUE)),
        r.bool("HEARTH_DEMO"),
        labels(r.text("HEARTH_CONTAINER_LABELS")),
        r.text("HEARTH_API_TOKEN"),
        r.bool("HEARTH_INVOKE_AUTH"),
        r.bool("HEARTH_CALL_RECORDS"),
        Duration.ofHours(r.number("HEARTH_CALL_RETENTION_HOURS", 0, 1_000_000)),
        new PoolSettings(r.number("HEARTH_MAX_TOTAL_MEMORY_BYTES", 0, Long.MAX_VALUE),
            r.number("HEARTH_MAX_TOTAL_CPU_MCPUS", 0, Long.MAX_VALUE),
            FreezePolicy.ofMillis(r.number("HEARTH_FREEZE_IDLE_MSECS", Long.MIN_VALUE, Long.MAX_VALUE)),
            Duration.ofMillis(r.number("HEARTH_MAX_QUEUE_WAIT_MSECS", 0, Long.MAX_VALUE)),
            r.bool("HEARTH_ENABLE_NB_RESOURCE_TRACKER"),
            keepAlivePolicy(r.text("HEARTH_KEEPALIVE_POLICY")),
            r.number("HEARTH_MAX_DISK_BYTES", 0, Long.MAX_VALUE),
            r.number("HEARTH_GPUS", 0, 1_000_000),
            resources(r.text("HEARTH_RESOURCES")),
            (int) r.number("HEARTH_MAX_CONCURRENT_STARTS", 0, 100_000),
            r.bool("HEARTH_LAUNCH_WAIT_FOR_BUSY")),
        ClusterSettings.parse(r),
        JobSettings.parse(r),
        io.hearth.server.async.AsyncSettings.of(r.number("HEARTH_MAX_ASYNC_BODY", 0, Integer.MAX_VALUE - 8),
            (int) r.number("HEARTH_ASYNC_MAX_QUEUED", 1, Integer.MAX_VALUE),
            (int) r.number("HEARTH_ASYNC_MAX_RESULT_BODY", 0, Integer.MAX_VALUE - 8),
            (int) r.number("HEARTH_ASYNC_WORKERS", 0, 10_000))
            .withLease(Duration.ofMillis(r.number("HEARTH_ASYNC_LEASE_MSECS", 300, 3_600_000))));
  }

  /** The datastore these settings name (HEARTH_DB_URL, HEARTH_DATA_DIR, HEARTH_DB_SYNC). */
  public io.hearth.store.DatastoreConfig datastore() {
    return io.hearth.store.DatastoreConfig.fromUrl(dbUrl, dataDir).withForceCommits(dbSync);
  }

  /** HEARTH_IMAGE_REGISTRIES: registry hosts (host[:port]) or "*", comma separated. */
  static Set<String> registries(String text) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String part : text.split(",")) {
      String r = part.strip();
      if (r.isEmpty()) {
        continue;
      }
      if (!r.equals("*") && !r.matches("[A-Za-z0-9.\\-]+(:[0-9]+)?|\\[[0-9A-Fa-f:]+\\](:[0-9]+)?")) {
        throw new IllegalArgumentException("HEARTH_IMAGE_REGISTRIES must list registry hosts (host or host:port) "
            + "or *, comma separated, not '" + r + "'");
      }
      out.add(r);
    }
    return out;
  }

  /** Like the record's own, but never prints the API token. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ServerConfig[");
    for (java.lang.reflect.RecordComponent c : ServerConfig.class.getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(this);
      } catch (ReflectiveOperationException e) {
        v = "?";
      }
      boolean secret = c.getName().equals("apiToken") && v != null && !v.toString().isEmpty();
      sb.append(sb.length() > 13 ? ", " : "").append(c.getName()).append('=').append(secret ? "(set)" : v);
    }
    return sb.append(']').toString();
  }

  /** Reads settings by name, falling back to the Fn alias, then the default. */
  record Reader(Map<String, String> env) {
    String text(String name) {
      Setting s = SETTINGS.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
      String v = env.get(name);
      if ((v == null || v.isEmpty()) && s.fnAlias() != null) {
        v = env.get(s.fnAlias());
      }
      return v == null || v.isEmpty() ? s.fallback() : v.strip();
    }

    long number(String name, long min, long max) {
      String v = text(name);
      try {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
          throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", not " + v);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
      }
    }

    boolean bool(String name) {
      String v = text(name).toLowerCase(java.util.Locale.ROOT);
      return switch (v) {
        case "true", "1", "yes", "on" -> true;
        case "false", "0", "no", "off" -> false;
        default -> throw new IllegalArgumentException(name + " must be true or false, not '" + v + "'");
      };
    }
  }
}
