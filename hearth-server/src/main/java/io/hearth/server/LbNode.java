package io.hearth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ChannelCredentials;
import io.hearth.core.id.Ids;
import io.hearth.core.ledger.Resources;
import io.hearth.core.placement.Placer;
import io.hearth.core.status.NodeStatus;
import io.hearth.lb.LbCaller;
import io.hearth.core.placement.RunnerView;
import io.hearth.lb.RunnerPool;
import io.hearth.core.time.Clock;
import io.hearth.core.time.TimerThread;
import io.hearth.server.api.FnCache;
import io.hearth.server.api.HttpTriggerApi;
import io.hearth.server.api.InvokeApi;
import io.hearth.server.calls.CallRecorder;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.http.HangupWatch;
import io.hearth.server.http.Router;
import io.hearth.server.http.Health;
import io.hearth.server.metrics.HearthMetrics;
import io.hearth.store.Database;
import io.hearth.store.queue.JdbcCallQueue;
import io.hearth.server.async.AsyncCalls;
import io.hearth.store.calls.JdbcCallStore;
import io.hearth.store.functions.JdbcFunctionStore;
import io.hearth.store.runners.JdbcRunnerStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@code lb} node: serves {@code /invoke} and {@code /t/} by placing each call on a runner
 * ({@link LbCaller}), through the same {@link InvokeApi#runCall} path as an all-in-one node. It
 * reads functions from the shared datastore through a short-lived {@link FnCache} (changes made on
 * api nodes are seen within {@code HEARTH_FN_CACHE_MSECS}), records the calls its runners do not
 * (those no runner took, or whose runner has no datastore; runners record theirs with logs), and shows its runners
 * at {@code GET /v2/runners}.
 */
final class LbNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LbNode.class);

  private final Database db;
  private final RunnerPool runners;
  private final CallRecords records;
  private final Server jetty;
  private final HangupWatch hangups;
  private final TimerThread timer;
  private final AsyncCalls async;

  private LbNode(Database db, RunnerPool runners, CallRecords records, Server jetty, HangupWatch hangups,
      TimerThread timer, AsyncCalls async) {
    this.async = async;
    this.hangups = hangups;
    this.timer = timer;
    this.db = db;
    this.runners = runners;
    this.records = records;
    this.jetty = jetty;
  }

  static LbNode start(ServerConfig config) throws Exception {
    if (config.dbUrl().isEmpty()) {
      throw new IllegalArgumentException("an lb reads functions from the datastore its api nodes use: set "
          + "HEARTH_DB_URL (e.g. postgres://user@host:5432/db)");
    }
    ClusterSettings cluster = config.cluster();
    Clock clock = Clock.system();
    ChannelCredentials credentials = cluster.tls().channelCredentials(); // the files are checked before anything starts
    Database db = Database.open(config.datastore());
    RunnerPool runners = null;
    CallRecords records = null;
    AsyncCalls async = null;
    HangupWatch hangups = new HangupWatch(clock).start();
    TimerThread timer = TimerThread.start("hearth-lb-timer");
    try {
      runners = cluster.runnerAddresses().isEmpty()
          ? RunnerPool.registered(new JdbcRunnerStore(db), clock, cluster.runnerTtl(), cluster.runnerPoll(), credentials)
          : RunnerPool.fixed(cluster.runnerAddresses(), cluster.runnerPoll(), credentials, clock);
      LbCaller lb = new LbCaller(runners, Placer.named(cluster.placer(), ThreadLocalRandom.current()),
          cluster.placement(), config.maxRequestBytes(), clock, clock::sleep);
      ObjectMapper mapper = new ObjectMapper();
      Ids ids = new Ids(clock, new SecureRandom());
      FnCache cache = new FnCache(new JdbcFunctionStore(db), clock, config.fnCacheTtl());
      Router router = new Router();
      HttpFront.registerVersion(router, "lb");
      RunnerPool members = runners;
      Health.register(router, Health.both(Health.datastore(db::ping), () -> members.view().stream()
          .anyMatch(RunnerView::available) ? Optional.empty() : Optional.of("no runner can take calls")));
      records = CallRecords.start(new JdbcCallStore(db), clock, timer, config.callRecords(), Duration.ZERO); // api nodes expire them
      CallRecords rec = records;
      RunnerPool pool = runners;
      HearthMetrics metrics = new HearthMetrics(HearthServer.VERSION, clock, () -> cluster(pool), db::ping,
          rec::stats);
      metrics.register(router);
      // a runner sharing the datastore records its calls itself, with their logs: those are left to it
      CallRecorder unlessRunnerDid = (callId, appId, fnId, result) -> {
        if (!result.recordedElsewhere()) {
          rec.record(callId, appId, fnId, result);
        }
      };
      CallRecorder recorder = CallRecorder.all(unlessRunnerDid, metrics);
      // async calls: queued in the shared datastore, run by this lb's workers through its placement; detached
      // calls recorded there before their 202. The lb's id (HEARTH_NODE_ID, else the one kept in its data dir)
      // lets its restart end the detached calls it left and return its async claims at once.
      String asyncNode = config.nodeId() != null ? config.nodeId() : lbNodeId(config);
      async = AsyncCalls.start(new JdbcCallQueue(db), asyncNode, AsyncCalls.LB_RESTARTED, lb::call, cache, recorder,
          clock, timer, config.async(), config.callRetention()); // every lb sweeps ended calls: deletes are idempotent
      metrics.async(async::stats);
      InvokeApi invoke = new InvokeApi(cache, lb::call, new InvokeApi.Detaching.ByDetacher(async.recording(lb::start)),
          ids, recorder, hangups, async.intake());
      invoke.register(router);
      new HttpTriggerApi(cache, invoke).register(router);
      router.on("GET", "/v2/runners", ex -> ex.json(200, Map.of("placer", cluster.placer(), "runners",
          pool.describe())));
      Server jetty = HttpFront.start(config, router, mapper);
      log.info("Hearth {} lb listening on http://{}:{}, placing calls with {} on {}{}", HearthServer.VERSION,
          config.host(), HttpFront.port(jetty), cluster.placer(), cluster.runnerAddresses().isEmpty()
              ? "the runners registered in the datastore" : cluster.runnerAddresses(),
          !cluster.tls().calls() ? "" : cluster.tls().clientCert().isPresent() ? " over mutual TLS" : " over TLS");
      return new LbNode(db, runners, records, jetty, hangups, timer, async);
    } catch (Exception e) {
      if (async != null) {
        async.close();
      }
      if (records != null) {
        records.close();
      }
      if (runners != null) {
        runners.close();
      }
      hangups.close();
      timer.close();
      db.close();
      throw e;
    }
  }

  /** The id kept in the lb's data dir (made on its first start). */
  private static String lbNodeId(ServerConfig config) throws java.io.IOException {
    java.nio.file.Files.createDirectories(config.dataDir());
    return HearthServer.nodeId(config.dataDir());
  }

  /** The runners' last statuses added up, as the node metrics of an lb. */
  static NodeStatus cluster(RunnerPool pool) {
    Resources capacity = Resources.ZERO;
    Resources used = Resources.ZERO;
    Map<String, Integer> warm = new HashMap<>();
    for (NodeStatus s : pool.statuses()) {
      capacity = capacity.plus(s.capacity());
      used = used.plus(s.used());
      s.warmByFn().forEach((fn, n) -> warm.merge(fn, n, Integer::sum));
    }
    return new NodeStatus("", capacity, used, Map.of(), warm, 0, 0, 0, 0, 0, 0, 0, 0, false);
  }

  int port() {
    return HttpFront.port(jetty);
  }

  /** The routes it answers. */
  Router router() {
    return HttpFront.router(jetty);
  }

  /** Stops taking requests (calls in flight finish, a few seconds at most), then lets the runners go. */
  @Override
  public void close() {
    HttpFront.stop(jetty);
    hangups.close();
    async.close(); // no more claims; calls placed now end or go back to the queue
    runners.close();
    timer.close();
    records.close();
    db.close();
  }
}
