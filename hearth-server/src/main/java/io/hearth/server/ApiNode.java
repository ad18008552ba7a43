package io.hearth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.id.Ids;
import io.hearth.core.status.NodeStatus;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.server.api.AppsApi;
import io.hearth.server.api.BaseUrl;
import io.hearth.server.api.FnCache;
import io.hearth.server.api.FnsApi;
import io.hearth.server.api.TriggersApi;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.cluster.ClusterLeases;
import io.hearth.server.cluster.LeaseJanitor;
import io.hearth.server.http.Router;
import io.hearth.server.jobs.JobsApi;
import io.hearth.server.http.Health;
import io.hearth.server.jobs.MeteredJobStore;
import io.hearth.server.metrics.HearthMetrics;
import io.hearth.server.ui.AllocEvents;
import io.hearth.server.ui.Dashboard;
import io.hearth.server.ui.Membership;
import io.hearth.server.ui.Overview;
import io.hearth.store.calls.CallFeed;
import io.hearth.store.runners.RunnerRow;
import io.hearth.store.Database;
import io.hearth.store.DatastoreConfig;
import io.hearth.store.calls.JdbcCallStore;
import io.hearth.store.queue.JdbcCallQueue;
import io.hearth.store.functions.FunctionStore;
import io.hearth.store.functions.JdbcFunctionStore;
import io.hearth.store.jobs.JobCoordination;
import io.hearth.store.jobs.JobStore;
import io.hearth.store.leases.JdbcLeaseStore;
import io.hearth.store.runners.JdbcRunnerStore;
import io.hearth.core.job.dispatch.DispatchSettings;
import io.hearth.core.job.dispatch.InstanceType;
import io.hearth.core.job.dispatch.NodeClasses;
import io.hearth.server.jobs.JobMetrics;
import io.hearth.server.jobs.dispatch.Dispatcher;
import io.hearth.server.jobs.dispatch.DispatcherSettings;
import io.hearth.server.jobs.dispatch.ExchangeJobNodes;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@code api} node: the management API (apps, functions, triggers, call records, metrics) on the
 * datastore, which it shares with lbs and other api nodes. It runs no calls: {@code /invoke} and
 * {@code /t/} are the lbs'. Functions it creates advertise {@code HEARTH_PUBLIC_URL} (an lb's URL)
 * in their invoke endpoint. It also runs the call records' retention janitor. The allocs API
 * ({@code /v2/offers}, {@code /v2/allocs/**}) it serves for the whole cluster ({@link ClusterLeases}):
 * asking the registered runners, which hold the leases, over the runner protocol; and it runs the
 * lease store's retention ({@link LeaseJanitor}), which runners leave to it. It serves the job queue
 * ({@code /v2/jobs}) and is a candidate for the cluster's one job dispatcher (see {@link #startDispatcher}).
 */
final class ApiNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiNode.class);
  /** An api node runs no containers: its node metrics are zeros. */
  static final NodeStatus NO_CONTAINERS = NodeStatus.empty("");
  /** How long ended allocs stay readable before the api nodes delete them: the runners' retention. */
  static final Duration ALLOC_RETENTION = io.hearth.server.leases.LeaseSettings.DEFAULT_RETENTION;

  private final Database db;
  private final CallRecords records;
  private final ClusterLeases leases;
  private final LeaseJanitor janitor;
  private final Server jetty;
  private final TimerThread timer;
  private final JobCoordination jobs;
  private final Optional<Dispatcher> dispatcher;
  private final Dashboard dashboard;

  private ApiNode(Database db, CallRecords records, ClusterLeases leases, LeaseJanitor janitor, Server jetty,
      TimerThread timer, JobCoordination jobs, Optional<Dispatcher> dispatcher, Dashboard dashboard) {
    this.dashboard = dashboard;
    this.leases = leases;
    this.jobs = jobs;
    this.dispatcher = dispatcher;
    this.janitor = janitor;
    this.timer = timer;
    this.db = db;
    this.records = records;
    this.jetty = jetty;
  }

  static ApiNode start(ServerConfig config) throws Exception {
    Clock clock = Clock.system();
    DatastoreConfig datastore = config.datastore();
    Database db = Database.open(datastore);
    FunctionStore functions = new JdbcFunctionStore(db);
    JobCoordination jobs = null;
    Optional<Dispatcher> dispatcher = Optional.empty();
    CallRecords records = null;
    ClusterLeases leases = null;
    LeaseJanitor janitor = null;
    Dashboard dashboard = null;
    TimerThread timer = TimerThread.start("hearth-api-timer");
    try {
      ObjectMapper mapper = new ObjectMapper();
      Ids ids = new Ids(clock, new SecureRandom());
      FnCache cache = new FnCache(functions, clock, config.fnCacheTtl());
      BaseUrl baseUrl = new BaseUrl(config.publicUrl());
      Router router = new Router();
      HttpFront.registerVersion(router, "api");
      Health.register(router, Health.datastore(db::ping));
      new AppsApi(functions.apps(), ids, clock, mapper, cache).register(router);
      new FnsApi(functions, ids, clock, mapper, baseUrl, cache, fnId -> { }).register(router);
      io.hearth.server.node.FnContainersApi.registerElsewhere(router, functions.fns()); // containers run on runners
      new TriggersApi(functions, ids, clock, mapper, baseUrl, cache).register(router);
      records = CallRecords.start(new JdbcCallStore(db), clock, timer, false, config.callRetention());
      records.register(router, mapper, functions.fns(), new JdbcCallQueue(db)); // async calls' state and results
      JdbcLeaseStore leaseStore = new JdbcLeaseStore(db);
      janitor = new LeaseJanitor(leaseStore, clock, timer, ALLOC_RETENTION, Duration.ofMinutes(1)).start();
      leases = ClusterLeases.over(new JdbcRunnerStore(db), leaseStore,
          config.cluster().tls().channelCredentials(), clock, new java.util.Random(), mapper,
          new ClusterLeases.Settings(config.cluster().offersDeadline(), config.cluster().leaseForwardDeadline(),
              config.cluster().runnerTtl()));
      leases.register(router);
      // The shared queue; on PostgreSQL the signals LISTEN and the lock is the cluster's one dispatcher's.
      jobs = JobCoordination.open(db, datastore);
      CallRecords rec = records;
      HearthMetrics metrics = new HearthMetrics(HearthServer.VERSION, clock, () -> NO_CONTAINERS, db::ping, rec::stats);
      // Every change through this node counted: outside dispatchers' locks, cancels, and this node's dispatcher.
      JobMetrics jobMetrics = metrics.jobs(jobs.store()::countByState);
      JobStore metered = new MeteredJobStore(jobs.store(), jobMetrics);
      new JobsApi(metered, ids, clock, mapper, leases).register(router); // running logs from the runners
      dispatcher = startDispatcher(config, jobs, jobMetrics, leases, clock, timer);
      metrics.register(router);
      java.util.concurrent.atomic.AtomicInteger bound = new java.util.concurrent.atomic.AtomicInteger(config.port());
      dashboard = dashboard(config, router, mapper, timer, clock, db, jobs.store(), bound::get);
      dashboard.closing(AllocEvents.start(leaseStore, dashboard.hub()));
      Server jetty = HttpFront.start(config, router, mapper);
      bound.set(HttpFront.port(jetty)); // the dashboard names the port it got
      log.info("Hearth {} api node listening on http://{}:{}", HearthServer.VERSION, config.host(),
          HttpFront.port(jetty));
      return new ApiNode(db, records, leases, janitor, jetty, timer, jobs, dispatcher, dashboard);
    } catch (Exception e) {
      if (dashboard != null) {
        dashboard.close();
      }
      dispatcher.ifPresent(Dispatcher::close);
      if (jobs != null) {
        jobs.close();
      }
      if (janitor != null) {
        janitor.close();
      }
      if (leases != null) {
        leases.close();
      }
      if (records != null) {
        records.close();
      }
      timer.close();
      db.close();
      throw e;
    }
  }

  /**
   * The cluster's dispatcher candidate (unless {@code HEARTH_DISPATCHER=false}): it runs jobs only
   * while it holds the datastore's dispatcher lock (one api node at a time; another takes over when
   * it dies, re-adopting its running attempts), on the runners through {@link ClusterLeases}, each
   * runner of the class its offers declare ({@link ExchangeJobNodes#cluster}).
   */
  private static Optional<Dispatcher> startDispatcher(ServerConfig config, JobCoordination jobs, JobMetrics metrics,
      ClusterLeases leases, Clock clock, TimerThread timer) throws java.io.IOException {
    if (!config.jobs().dispatcher()) {
      return Optional.empty();
    }
    List<InstanceType> types = JobDispatchWiring.types(config.jobs());
    String nodeId = config.nodeId();
    if (nodeId == null) {
      java.nio.file.Files.createDirectories(config.dataDir()); // the node id is kept there
      nodeId = HearthServer.nodeId(config.dataDir());
    }
    DispatcherSettings ds = DispatcherSettings.defaults(DispatchSettings.defaults(DispatcherSettings.nameOf(nodeId),
        NodeClasses.configured(types), 0), config.jobs().maxOutputBytes());
    return Optional.of(Dispatcher.start(ds, new MeteredJobStore(jobs.store(), metrics),
        ExchangeJobNodes.cluster(leases, types), jobs.signals(), jobs.lock(), clock, timer));
  }

  int port() {
    return HttpFront.port(jetty);
  }

  /** The addresses of the registered runners that heartbeat within the TTL. */
  private static List<String> liveRunners(JdbcRunnerStore runners, Clock clock, Duration ttl) {
    java.time.Instant since = clock.instant().minus(ttl);
    return runners.list().stream().filter(r -> !r.heartbeatAt().isBefore(since)).map(RunnerRow::address).toList();
  }

  /**
   * The dashboard of the cluster as the datastore shows it: the calls the runners record, the
   * shared queues (no containers: they are the runners'), and the runners' registry beside this
   * node; a runner is silent when its heartbeat is older than the runners' TTL, as the lbs judge it.
   */
  private static Dashboard dashboard(ServerConfig config, Router router, ObjectMapper mapper, TimerThread timer,
      Clock clock, Database db, JobStore jobStore, java.util.function.IntSupplier port) {
    CallFeed feed = new CallFeed(db);
    JdbcRunnerStore runners = new JdbcRunnerStore(db);
    java.time.Instant started = clock.instant();
    java.util.function.Supplier<String> self = () -> config.nodeId() != null ? config.nodeId()
        : "api@" + config.host() + ":" + port.getAsInt();
    Duration ttl = config.cluster().runnerTtl();
    Dashboard dashboard = Dashboard.register(router, mapper, timer, clock);
    return dashboard
        .calls(feed)
        .jobs(jobStore)
        .overview(dashboard.clusterSources(() -> liveRunners(runners, clock, ttl), config.cluster().tls()
            .channelCredentials(), feed::queueByState, jobStore::countByState))
        .nodes(() -> {
          java.time.Instant now = clock.instant();
          List<Membership.Member> out = new java.util.ArrayList<>();
          out.add(new Membership.Member(self.get(), "api", config.host() + ":" + port.getAsInt(), "up", false, started,
              now, null));
          for (RunnerRow r : runners.list()) {
            String status = r.draining() ? "draining" : r.heartbeatAt().isBefore(now.minus(ttl)) ? "silent" : "up";
            out.add(new Membership.Member(r.id(), "runner", r.address(), status, r.draining(), r.joinedAt(),
                r.heartbeatAt(), null));
          }
          return out;
        });
  }

  /** The routes it answers. */
  Router router() {
    return HttpFront.router(jetty);
  }

  @Override
  public void close() {
    dashboard.close(); // ends the event streams, which would hold the HTTP server's stop
    HttpFront.stop(jetty);
    dispatcher.ifPresent(Dispatcher::close); // leaves job containers running: the next dispatcher adopts them
    jobs.close(); // releases the dispatcher lock: another api node takes it
    janitor.close();
    leases.close();
    timer.close();
    records.close();
    db.close();
  }
}
