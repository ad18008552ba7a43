package io.hearth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.agent.Agent;
import io.hearth.agent.AgentConfig;
import io.hearth.agent.ContainerOutput;
import io.hearth.agent.Freezer;
import io.hearth.agent.Freezers;
import io.hearth.agent.NodeCapacity;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.id.Ids;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.ledger.Resources;
import io.hearth.core.pool.KeepAliveChoice;
import io.hearth.core.pool.PoolConfig;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.core.time.TimerThread;
import io.hearth.docker.DockerDriver;
import io.hearth.server.api.AppsApi;
import io.hearth.server.api.BaseUrl;
import io.hearth.server.api.FnCache;
import io.hearth.server.api.FnsApi;
import io.hearth.server.api.HttpTriggerApi;
import io.hearth.server.api.InvokeApi;
import io.hearth.server.api.TriggersApi;
import io.hearth.server.async.AsyncCalls;
import io.hearth.server.calls.CallRecorder;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.http.HangupWatch;
import io.hearth.server.http.Router;
import io.hearth.server.jobs.JobMetrics;
import io.hearth.server.jobs.JobsApi;
import io.hearth.server.jobs.MeteredJobStore;
import io.hearth.server.leases.LeaseRoutes;
import io.hearth.server.leases.LeasesApi;
import io.hearth.server.http.Health;
import io.hearth.server.http.OpenApi;
import io.hearth.server.metrics.HearthMetrics;
import io.hearth.server.node.MinWarmKeeper;
import io.hearth.server.node.IdleWatch;
import io.hearth.server.node.NodeApi;
import io.hearth.server.node.NodeLook;
import io.hearth.server.ui.AllocEvents;
import io.hearth.server.ui.Dashboard;
import io.hearth.server.ui.Membership;
import io.hearth.server.ui.Overview;
import io.hearth.store.calls.CallFeed;
import io.hearth.store.Database;
import io.hearth.store.leases.JdbcLeaseStore;
import io.hearth.store.DatastoreConfig;
import io.hearth.store.calls.JdbcCallStore;
import io.hearth.store.functions.FunctionStore;
import io.hearth.store.functions.JdbcFunctionStore;
import io.hearth.store.jobs.JdbcJobStore;
import io.hearth.store.queue.JdbcCallQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An all-in-one Hearth node: the HTTP API, the datastore, the agent running containers on the
 * local Docker Engine, the node's leases (allocs and their execs, on the agent's ledger), and the
 * job queue with the dispatcher that runs jobs in those leases. Built and started by {@link #start}, stopped by {@link #close}; the driver
 * is the caller's and stays open.
 */
public final class HearthServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HearthServer.class);
  public static final String VERSION = Version.current();

  private final ServerConfig config;
  private final Database db;
  private final FunctionStore functions;
  private final ContainerDriver driver;
  private final Agent agent;
  private final CallRecords records;
  private final MinWarmKeeper minWarm;
  private final Server jetty;
  private final ServerConnector connector;
  private final TimerThread timer;
  private final HangupWatch hangups;
  private final NodeLeasesWiring leases;
  private final JobDispatchWiring jobs;
  private final AsyncCalls async;
  private final Dashboard dashboard;

  private HearthServer(ServerConfig config, Database db, FunctionStore functions, ContainerDriver driver, Agent agent,
      CallRecords records, MinWarmKeeper minWarm, Server jetty, ServerConnector connector, TimerThread timer,
      HangupWatch hangups, NodeLeasesWiring leases, JobDispatchWiring jobs, AsyncCalls async, Dashboard dashboard) {
    this.async = async;
    this.dashboard = dashboard;
    this.leases = leases;
    this.jobs = jobs;
    this.timer = timer;
    this.hangups = hangups;
    this.minWarm = minWarm;
    this.config = config;
    this.db = db;
    this.functions = functions;
    this.driver = driver;
    this.agent = agent;
    this.records = records;
    this.jetty = jetty;
    this.connector = connector;
  }

  /** Opens the datastore, cleans up after an earlier run, and starts serving. */
  public static HearthServer start(ServerConfig config, ContainerDriver driver) throws Exception {
    Clock clock = Clock.system();
    Files.createDirectories(config.dataDir());
    String nodeId = config.nodeId() != null ? config.nodeId() : nodeId(config.dataDir());
    AgentConfig agentConfig = agentConfig(config, nodeId, false);
    Ledger ledger = new Ledger(agentConfig.pool().capacity()); // the node's one ledger: functions and leases

    DatastoreConfig datastore = config.datastore();
    Database db = Database.open(datastore);
    FunctionStore functions = new JdbcFunctionStore(db);
    Agent agent = null;
    CallRecords records = null;
    MinWarmKeeper minWarm = null;
    NodeLeasesWiring leases = null;
    JobDispatchWiring jobs = null;
    AsyncCalls async = null;
    Dashboard dashboard = null;
    TimerThread timer = TimerThread.start("hearth-agent-timer");
    HangupWatch hangups = new HangupWatch(clock).start();
    try {
      agent = newAgent(agentConfig, ledger, driver, clock, timer, config.pool().keepAlivePolicy());
      agent.start();
      ObjectMapper mapper = new ObjectMapper();
      Ids ids = new Ids(clock, new SecureRandom());
      leases = NodeLeasesWiring.start(config, nodeId, agentConfig, agent, driver, db, clock, timer, ids);
      FnCache cache = new FnCache(functions, clock, config.fnCacheTtl());
      Router router = new Router();
      BaseUrl baseUrl = new BaseUrl(config.publicUrl());
      Agent a = agent;
      router.on("GET", "/", ex -> ex.json(200, Map.of("message", "Hearth " + VERSION + " is running",
          "version", VERSION)));
      router.on("GET", "/version", ex -> ex.json(200, Map.of("version", VERSION)));
      Health.register(router, Health.datastore(db::ping));
      OpenApi.register(router);
      new AppsApi(functions.apps(), ids, clock, mapper, cache).register(router);
      minWarm = new MinWarmKeeper(functions, agent, clock);
      new FnsApi(functions, ids, clock, mapper, baseUrl, cache, minWarm::changed).register(router);
      records = CallRecords.start(new JdbcCallStore(db), clock, timer, config.callRecords(), config.callRetention());
      CallRecords rec = records;
      HearthMetrics metrics = new HearthMetrics(VERSION, clock, a::status, db::ping, rec::stats);
      CallRecorder recorder = CallRecorder.all(records, metrics);
      // before serving: what an earlier run of this node left running ends or goes back to the queue
      async = AsyncCalls.start(new JdbcCallQueue(db), nodeId, agent::call, cache, recorder, clock, timer,
          config.async(), config.callRetention());
      metrics.async(async::stats).callRetries(a::callRetries);
      InvokeApi invoke = new InvokeApi(cache, agent::call,
          new InvokeApi.Detaching.ByDetacher(async.recording(agent::start)), ids, recorder, hangups, async.intake());
      records.register(router, mapper, functions.fns(), async.queue());
      metrics.register(router);
      invoke.register(router);
      new TriggersApi(functions, ids, clock, mapper, baseUrl, cache).register(router);
      new HttpTriggerApi(cache, invoke).register(router);
      IdleWatch idle = new IdleWatch(clock, timer, RunnerNode.IDLE_LOOK_EVERY, NodeLook.of(a::status, () -> 0,
          Optional.of(leases.leases()), clock), Optional.empty(), () -> { }).start(); // /v2/node's idleness; stops with the timer
      new NodeApi(nodeId, agent, functions, idle::idleness).register(router);
      new io.hearth.server.node.FnContainersApi(nodeId, agent, functions.fns()).register(router);
      LeasesApi allocs = new LeasesApi(leases.leases(), mapper);
      LeaseRoutes.register(router, allocs);
      // the queue, and the dispatcher running it on this node through its own allocs API
      // The dispatcher's changes and this API's are counted (two meterings of the store, disjoint writers).
      JobMetrics jobMetrics = metrics.jobs(new JdbcJobStore(db)::countByState);
      jobs = JobDispatchWiring.start(config.jobs(), nodeId, agentConfig.pool().capacity(), db, datastore, allocs,
          jobMetrics, clock, timer);
      new JobsApi(new MeteredJobStore(jobs.store(), jobMetrics), ids, clock, mapper, allocs).register(router);
      metrics.leases(leases.leases()::stats);
      java.util.concurrent.atomic.AtomicInteger bound = new java.util.concurrent.atomic.AtomicInteger(config.port());
      dashboard = dashboard(config, nodeId, router, mapper, timer, clock, db, a, records, bound::get);
      dashboard.closing(AllocEvents.start(new JdbcLeaseStore(db), dashboard.hub()));

      Server jetty = HttpFront.start(config, router, mapper);
      ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
      bound.set(connector.getLocalPort()); // the dashboard names the port it got (HEARTH_PORT=0: any free one)
      HearthServer server = new HearthServer(config, db, functions, driver, agent, records, minWarm, jetty, connector,
          timer, hangups, leases, jobs, async, dashboard);
      log.info("Hearth {} node {} listening on http://{}:{} (datastore: {})", VERSION, nodeId, config.host(),
          server.port(), config.dbUrl().isEmpty() ? "embedded, in " + config.dataDir().toAbsolutePath() : "external");
      return server;
    } catch (Exception e) {
      if (dashboard != null) {
        dashboard.close();
      }
      if (async != null) {
        async.close();
      }
      if (jobs != null) {
        jobs.close();
      }
      if (minWarm != null) {
        minWarm.close();
      }
      if (leases != null) {
        leases.close();
      }
      if (agent != null) {
        agent.close();
      }
      if (records != null) {
        records.close();
      }
      timer.close();
      hangups.close();
      db.close();
      throw e;
    }
  }

  public int port() {
    return connector.getLocalPort();
  }

  /**
   * The dashboard: the datastore's calls (this node's), its agent's containers, the shared queues;
   * the one node of its cluster is itself, of the class {@code HEARTH_INSTANCE_TYPE} says.
   */
  private static Dashboard dashboard(ServerConfig config, String nodeId, Router router, ObjectMapper mapper,
      TimerThread timer, Clock clock, Database db, Agent agent, CallRecords records,
      java.util.function.IntSupplier port) {
    CallFeed feed = new CallFeed(db);
    JdbcJobStore jobCounts = new JdbcJobStore(db);
    java.time.Instant started = clock.instant();
    String type = config.jobs().instanceTypesFile().isEmpty() ? io.hearth.core.job.dispatch.NodeClasses.ALL_IN_ONE
        : config.jobs().instanceType(); // the class its jobs run as, as JobDispatchWiring has it
    Dashboard d = Dashboard.register(router, mapper, timer, clock);
    // the embedded store is this process's alone: its calls are the ones this node's writer wrote
    d = config.dbUrl().isEmpty() ? d.calls(feed, records) : d.calls(feed);
    return d
        .jobs(jobCounts)
        .overview(new Overview.Sources("all-in-one", () -> agent.status().containersByState(),
            () -> agent.status().callsWaiting(), feed::queueByState, jobCounts::countByState))
        .nodes(() -> java.util.List.of(new Membership.Member(nodeId, "all-in-one",
            config.host() + ":" + port.getAsInt(), "up", false, started, clock.instant(), type)));
  }

  /** The apps, functions and triggers this node serves. */
  public FunctionStore functions() {
    return functions;
  }

  public Agent agent() {
    return agent;
  }

  /** The routes it answers. */
  public Router router() {
    return HttpFront.router(jetty);
  }

  public ServerConfig config() {
    return config;
  }

  /** Stops taking requests, lets running calls finish (a few seconds at most), removes containers. */
  @Override
  public void close() {
    dashboard.close(); // ends the event streams, which would hold the HTTP server's stop
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("stopping the HTTP server", e);
    }
    hangups.close();
    async.close(); // no more claims; calls it runs now are cut by the agent's close and go back to the queue
    minWarm.close();
    jobs.close(); // the dispatcher stops; job containers keep running: the next start re-adopts them
    leases.close(); // exec containers keep running: the next start re-adopts them
    agent.close();
    timer.close();
    records.close(); // writes every call record still queued
    db.close();
  }

  /**
   * The agent's settings for this node (shared with runner nodes, which force non-blocking
   * admission: a full runner refuses at once and the lb tries another).
   */
  static AgentConfig agentConfig(ServerConfig config, String nodeId, boolean forceNonBlocking) {
    Path socketRoot = config.socketRoot() != null ? config.socketRoot() : Path.of("/tmp/hearth", nodeId);
    PoolConfig pool = poolConfig(config.pool(), config.dataDir());
    if (forceNonBlocking) {
      pool = new PoolConfig(pool.capacity(), pool.freeze(), pool.maxQueueWait(), true, pool.maxStarting(),
          pool.waitForBusy());
    }
    return new AgentConfig(nodeId, socketRoot, config.startTimeout(), config.pullTimeout(),
        config.maxRequestBytes(), config.maxResponseBytes(), 64 * 1024, config.maxPids(), 350,
        config.readOnlyRootfs(), "1000:1000", config.containerLabels(), pool);
  }

  /**
   * The node agent on this driver (not started), as every node that runs containers has it, its
   * containers reserving in {@code ledger} (the node's, of {@code agentConfig.pool().capacity()}).
   */
  static Agent newAgent(AgentConfig agentConfig, Ledger ledger, ContainerDriver driver, Clock clock, Scheduler timer,
      String keepAlive) throws IOException {
    KeepAliveChoice policy = KeepAliveChoice.of(keepAlive);
    return new Agent(agentConfig, ledger, driver, clock, timer, new SecureRandom(), policy.eviction(), policy.keepAlive(),
        freezer(driver, clock), output(driver));
  }

  /** The cgroup freezer when the machine lets us use it (~0.2 ms to thaw), else the engine's pause (~17 ms). */
  private static Freezer freezer(ContainerDriver driver, Clock clock) {
    ToLongFunction<String> pid = driver instanceof DockerDriver docker ? docker::pid : id -> 0;
    return Freezers.choose(Freezers.Method.AUTO, driver, pid, clock);
  }

  /** Containers' stdout and stderr, followed through the engine's attach stream into each call's log. */
  private static ContainerOutput output(ContainerDriver driver) {
    return driver instanceof DockerDriver docker ? (id, log) -> docker.followOutput(id, log::accept)
        : ContainerOutput.NONE;
  }

  /**
   * The pool's settings, with the node's capacity — the ledger's, for function containers and
   * allocs alike — probed from the machine (this runs in main's wiring): memory and CPU, disk (the
   * data dir's free space unless configured), GPUs and named resources as configured.
   */
  private static PoolConfig poolConfig(ServerConfig.PoolSettings p, Path dataDir) {
    NodeCapacity capacity = NodeCapacity.probe(p.maxMemoryBytes(), p.maxCpuMillis());
    return new PoolConfig(capacity(capacity, diskBytes(p.maxDiskBytes(), dataDir), p), p.freezeIdle(),
        p.maxQueueWait(), p.nonBlocking(), maxStarting(p.maxConcurrentStarts(), capacity.cpuMillis()),
        p.waitForBusy());
  }

  /**
   * The bound on concurrent starts: as configured, else two per CPU containers get (a JVM function
   * starting on each CPU and one more in its I/O), at least two. Measured on 2 cores: 180 JVM
   * containers starting at once all timed out their inits (issue 14).
   */
  static int maxStarting(int configured, long cpuMillis) {
    if (configured > 0) {
      return configured;
    }
    return (int) Math.max(2, Math.min(10_000, 2 * Math.max(1, cpuMillis / 1000)));
  }

  /** The node's capacity from what was probed and configured. */
  static Resources capacity(NodeCapacity probed, long diskBytes, ServerConfig.PoolSettings p) {
    Map<String, Long> named = new java.util.TreeMap<>(p.resources());
    named.put(Resources.DISK, diskBytes);
    named.put(Resources.GPU, p.gpus());
    return new Resources(probed.memoryBytes(), probed.cpuMillis(), named);
  }

  /** The scratch disk the node offers: as configured, else the free space of the data dir's filesystem now. */
  private static long diskBytes(long configured, Path dataDir) {
    if (configured > 0) {
      return configured;
    }
    try {
      long free = Files.getFileStore(dataDir).getUsableSpace();
      log.info("node disk: {} MiB free in {}", free >> 20, dataDir.toAbsolutePath());
      return free;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot find how much disk is free under the data dir " + dataDir
          + "; set HEARTH_MAX_DISK_BYTES to say how much the node offers", e);
    }
  }

  /** This node's id, made once and kept in the data directory so a restart finds its leftovers. */
  static String nodeId(Path dataDir) throws IOException {
    Path file = dataDir.resolve("node-id");
    if (Files.exists(file)) {
      String id = Files.readString(file).strip();
      if (!id.isEmpty()) {
        return id;
      }
    }
    byte[] bytes = new byte[5];
    new SecureRandom().nextBytes(bytes);
    String id = "n" + HexFormat.of().formatHex(bytes);
    Files.writeString(file, id + "\n");
    return id;
  }
}
