package io.hearth.server;

import io.grpc.ServerCredentials;
import io.hearth.agent.Admission;
import io.hearth.agent.Agent;
import io.hearth.agent.Ticket;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.ResponseSink;
import io.hearth.agent.AgentConfig;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.ledger.Ledger;
import io.hearth.core.status.NodeStatus;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.runner.CallRecording;
import io.hearth.runner.Heartbeat;
import io.hearth.runner.LocalAgent;
import io.hearth.runner.RunnerServer;
import io.hearth.runner.RunnerService;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.node.IdleWatch;
import io.hearth.server.node.NodeLook;
import io.hearth.store.Database;
import io.hearth.store.ListQuery;
import io.hearth.store.leases.AllocQuery;
import io.hearth.store.leases.AllocState;
import io.hearth.store.calls.JdbcCallStore;
import io.hearth.store.runners.JdbcRunnerStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code runner} node: the node agent in non-blocking mode behind the runner protocol's gRPC
 * server, and — when a datastore is configured — its registration there, renewed by heartbeats.
 * It labels, accounts and cleans up only its own containers (by its node id), so several runners
 * can share one Docker Engine. With a datastore it also records the calls it runs, with their
 * logs (as an all-in-one node does), so the api nodes serve them. Stopping it drains: it refuses new calls (and says so in its
 * registration at once), waits up to {@code HEARTH_DRAIN_TIMEOUT_MSECS} for the calls it has,
 * then stops. It serves the allocs API requests api nodes forward to it with its {@link
 * RunnerLeases}, and with {@code HEARTH_IDLE_STOP_SECS} it says when it has been idle that long
 * ({@link #idleStop}: no active alloc, no call, no busy container), so that RoleMain drains it and
 * exits 0.
 */
final class RunnerNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunnerNode.class);
  /** How often idle stop looks at the runner: its threshold is whole seconds. */
  static final Duration IDLE_LOOK_EVERY = Duration.ofSeconds(1);

  private final ServerConfig config;
  private final String nodeId;
  private final String address;
  private final Agent agent;
  private final RunnerService service;
  private final RunnerServer server;
  private final Database db;
  private final CallRecords records;
  private final Heartbeat heartbeat;
  private final TimerThread timer;
  private final RunnerLeases leases;
  private final IdleWatch idle;
  private final CompletableFuture<Duration> idleStop;
  private final RunnerHttp http;

  private RunnerNode(ServerConfig config, String nodeId, String address, Agent agent, RunnerService service,
      RunnerServer server, Database db, CallRecords records, Heartbeat heartbeat, TimerThread timer,
      RunnerLeases leases, IdleWatch idle, CompletableFuture<Duration> idleStop, RunnerHttp http) {
    this.http = http;
    this.leases = leases;
    this.idle = idle;
    this.idleStop = idleStop;
    this.timer = timer;
    this.records = records;
    this.config = config;
    this.nodeId = nodeId;
    this.address = address;
    this.agent = agent;
    this.service = service;
    this.server = server;
    this.db = db;
    this.heartbeat = heartbeat;
  }

  static RunnerNode start(ServerConfig config, ContainerDriver driver) throws Exception {
    ClusterSettings cluster = config.cluster();
    ServerCredentials credentials = cluster.tls().serverCredentials(); // its files are checked before anything starts
    Clock clock = Clock.system();
    Files.createDirectories(config.dataDir());
    String nodeId = config.nodeId() != null ? config.nodeId() : HearthServer.nodeId(config.dataDir());
    TimerThread timer = TimerThread.start("hearth-agent-timer");
    Agent agent;
    AgentConfig agentConfig;
    try {
      agentConfig = HearthServer.agentConfig(config, nodeId, true);
      Ledger ledger = new Ledger(agentConfig.pool().capacity()); // the node's one ledger: functions and leases
      agent = HearthServer.newAgent(agentConfig, ledger, driver, clock, timer, config.pool().keepAlivePolicy());
    } catch (Exception e) {
      timer.close();
      throw e;
    }
    RunnerServer server = null;
    RunnerHttp http = null;
    Database db = null;
    CallRecords records = null;
    RunnerLeases leases = RunnerLeases.NONE;
    IdleWatch idle = null;
    try {
      agent.start();
      CallRecording recording = CallRecording.NONE;
      if (!config.dbUrl().isEmpty()) {
        db = Database.open(config.datastore());
        if (config.callRecords()) { // the api nodes run the retention janitor
          records = CallRecords.start(new JdbcCallStore(db), clock, timer, true, Duration.ZERO);
          recording = records::record;
        }
      }
      if (db != null) {
        leases = RunnerLeases.start(config, agentConfig, nodeId, agent, driver, db, clock, timer);
      }
      AtomicReference<IdleWatch> idleRef = new AtomicReference<>();
      CompletableFuture<Duration> idleStop = new CompletableFuture<>();
      LocalAgent local = new LocalAgent() { // the agent, its status with the runner's idleness
        @Override
        public Admission admit(CallRequest request) {
          return agent.admit(request);
        }

        @Override
        public CallResult run(Ticket ticket, ResponseSink sink) {
          return agent.run(ticket, sink);
        }

        @Override
        public NodeStatus status() {
          IdleWatch w = idleRef.get();
          return w == null ? agent.status() : agent.status().withIdle(w.idleness());
        }
      };
      AtomicReference<RunnerService> serviceRef = new AtomicReference<>();
      Database datastore = db;
      http = RunnerHttp.start(config, clock, local::status, () -> serviceRef.get().draining(),
          datastore == null ? null : datastore::ping, agent::callRetries);
      RunnerService service = new RunnerService(nodeId, local, http.counting(recording), leases.handler());
      serviceRef.set(service);
      idle = new IdleWatch(clock, timer, IDLE_LOOK_EVERY, NodeLook.of(agent::status, service::activeCalls,
          leases.leases(), clock), cluster.idleStop(), () -> idleStop.complete(cluster.idleStop().orElseThrow()));
      idleRef.set(idle.start());
      server = RunnerServer.start(config.host(), cluster.grpcPort(), service, credentials);
      String address = cluster.runnerAddress().isEmpty() ? config.host() + ":" + server.port()
          : cluster.runnerAddress();
      Heartbeat heartbeat = null;
      if (db != null) {
        heartbeat = new Heartbeat(new JdbcRunnerStore(db), nodeId, address, service::draining, clock,
            cluster.heartbeat(), clock::sleep).start();
      }
      log.info("Hearth {} runner {} listening for lbs on {}{}, for HTTP on http://{}:{} ({}; {})", HearthServer.VERSION,
          nodeId, address,
          !cluster.tls().serves() ? "" : cluster.tls().ca().isPresent() ? " with mutual TLS" : " with TLS",
          config.host(), http.port(), heartbeat == null ? "not registered: lbs list it in HEARTH_RUNNER_ADDRESSES" : "registered in the datastore",
          records == null ? "the lbs record its calls, without logs" : "it records its calls with their logs");
      return new RunnerNode(config, nodeId, address, agent, service, server, db, records, heartbeat, timer, leases,
          idle, idleStop, http);
    } catch (Exception e) {
      if (server != null) {
        server.close();
      }
      if (http != null) {
        http.close();
      }
      if (idle != null) {
        idle.close();
      }
      leases.close();
      if (records != null) {
        records.close();
      }
      if (db != null) {
        db.close();
      }
      agent.close();
      timer.close();
      throw e;
    }
  }

  String nodeId() {
    return nodeId;
  }

  /** The port of its HTTP side ({@code /version}, {@code /health}, {@code /metrics}). */
  int httpPort() {
    return http.port();
  }

  /** Where lbs reach this runner. */
  String address() {
    return address;
  }

  /**
   * Completes when the runner has been idle for {@code HEARTH_IDLE_STOP_SECS} (with the threshold):
   * the caller then closes it and exits 0. Never completes without idle stop.
   */
  CompletableFuture<Duration> idleStop() {
    return idleStop;
  }

  /**
   * Stops a runner that has been idle for its threshold: frees the allocs it still holds, all of
   * them expired (an active one would have kept it busy), killing their execs — nothing is left
   * running for a machine an autoscaler takes away (Reflow's StopIfIdleFor) — then closes it.
   */
  void closeIdle() {
    leases.leases().ifPresent(l -> {
      for (int page = 0; page < 10; page++) { // bounded: an idle runner holds few expired allocs
        var expired = l.list(new AllocQuery(null, AllocState.EXPIRED, null, ListQuery.MAX_PER_PAGE)).items();
        if (expired.isEmpty()) {
          break;
        }
        for (var r : expired) {
          log.info("runner {}: idle stop frees expired alloc {}: {}", nodeId, r.id(), l.free(r.id()));
        }
      }
    });
    close();
  }

  /** Drains (no new calls; those running finish, within the drain timeout), then stops. */
  @Override
  public void close() {
    idle.close();
    service.drain();
    if (heartbeat != null) {
      heartbeat.beatNow(); // lbs stop proposing it now, not after the next poll of its status
    }
    try {
      if (!service.awaitIdle(config.cluster().drainTimeout())) {
        log.warn("runner {}: calls still running after {} ms of draining; stopping anyway", nodeId,
            config.cluster().drainTimeout().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    http.close(); // after draining: its health check said 503 meanwhile
    if (heartbeat != null) {
      heartbeat.close();
    }
    leases.close(); // its execs keep running: a restarted runner re-adopts them
    agent.close();
    timer.close();
    if (records != null) {
      records.close(); // after the agent: the last calls' records are written
    }
    if (db != null) {
      db.close();
    }
  }
}
