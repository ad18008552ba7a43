package io.hearth.server.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.calls.FixedDelay;
import io.hearth.server.http.Router;
import io.hearth.store.calls.CallFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard on a node: its files ({@link UiRoutes}), the live events ({@link EventHub},
 * {@code GET /v2/events}) and the watchers that feed them, each a {@link FixedDelay} on a virtual
 * thread (they read the datastore). Started by an all-in-one or api node after its other routes;
 * closed before its HTTP server stops, which ends every event stream.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
  /** How often the overview's numbers go out as a {@code stats} event. */
  static final Duration STATS_EVERY = Duration.ofSeconds(2);

  private final EventHub hub;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Scheduler timer;
  private final Clock clock;
  private final Router router;
  private final Timeline timeline = new Timeline(new java.util.Random());
  private final List<AutoCloseable> running = new ArrayList<>();
  private volatile Supplier<Map<String, ?>> stats;

  private Dashboard(EventHub hub, Scheduler timer, Clock clock, Router router) {
    this.hub = hub;
    this.timer = timer;
    this.clock = clock;
    this.router = router;
  }

  /**
   * Registers the dashboard's files and event stream on {@code router}; the calls, the overview
   * and the nodes are added with {@link #calls}, {@link #overview} and {@link #nodes}, all before
   * the HTTP server starts.
   */
  public static Dashboard register(Router router, ObjectMapper mapper, Scheduler timer, Clock clock) {
    Dashboard d = new Dashboard(new EventHub(mapper), timer, clock, router);
    new UiRoutes().register(router);
    new EventsApi(d.hub, EventsApi.KEEPALIVE, d::greeting).register(router);
    return d;
  }

  /** Watches the datastore's call records: {@code call} events and the overview's timeline. */
  public Dashboard calls(CallFeed feed) {
    return every(CallWatch.EVERY, new CallWatch(feed, hub, timeline, clock));
  }

  /**
   * As {@link #calls(CallFeed)} on a node whose {@code records} are the datastore's only writer
   * (an all-in-one node on its embedded store): new calls come from its writer, not read back.
   */
  public Dashboard calls(CallFeed feed, CallRecords records) {
    CallWatch watch = CallWatch.pushed(feed, hub, timeline, clock);
    records.onWritten(watch::written);
    return every(CallWatch.EVERY, watch);
  }

  /** {@code GET /v2/stats/timeline} and the {@code stats} event every {@link #STATS_EVERY} (and first on every stream). */
  public Dashboard overview(Overview.Sources sources) {
    Overview overview = new Overview(timeline, sources, clock);
    overview.register(router);
    this.stats = overview::stats;
    return stats(overview::stats);
  }

  /** The first event of a stream: the current stats, when there are any (else none). */
  private EventHub.Event greeting() {
    Supplier<Map<String, ?>> s = stats;
    try {
      return s == null ? null : hub.event("stats", s.get());
    } catch (RuntimeException e) {
      log.debug("no stats for a new event stream", e);
      return null;
    }
  }

  /** {@code job} events from the shared job queue. */
  public Dashboard jobs(io.hearth.store.jobs.JobStore jobs) {
    return every(JobWatch.EVERY, new JobWatch(jobs, hub));
  }

  /** {@code GET /v2/nodes} and the {@code node} events of {@code members}. */
  public Dashboard nodes(Supplier<List<Membership.Member>> members) {
    Membership m = new Membership(members, hub);
    m.register(router);
    return every(STATS_EVERY, m);
  }

  public EventHub hub() {
    return hub;
  }

  /** Publishes {@code stats()} as a {@code stats} event every {@link #STATS_EVERY} while anyone listens. */
  Dashboard stats(Supplier<Map<String, ?>> stats) {
    return every(STATS_EVERY, () -> {
      if (hub.watched()) {
        hub.publish("stats", stats.get());
      }
    });
  }

  /**
   * Overview sources of an api node: the shared queues, and its cluster's containers as the
   * registered runners at {@code runnerAddresses} report them (the runner protocol's status call).
   */
  public Overview.Sources clusterSources(Supplier<List<String>> runnerAddresses,
      io.grpc.ChannelCredentials credentials, Supplier<Map<String, Long>> asyncQueue,
      Supplier<Map<io.hearth.core.job.JobState, Long>> jobs) {
    RunnerStatuses statuses = new RunnerStatuses(runnerAddresses, credentials, Duration.ofSeconds(1), clock);
    synchronized (this) {
      running.add(statuses);
    }
    return new Overview.Sources("api", () -> statuses.sum().containers(), null, asyncQueue, jobs,
        () -> Map.of("asked", statuses.sum().asked(), "answered", statuses.sum().answered(),
            "active_calls", statuses.sum().activeCalls()));
  }

  /** Runs {@code task} (which may block) again and again, {@code every} apart; a failure is logged and retried. */
  public synchronized Dashboard every(Duration every, Runnable task) {
    running.add(new FixedDelay(timer, workers, every, every, () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.debug("a dashboard watcher failed; it runs again in {} ms", every.toMillis(), e);
      }
    }).start());
    return this;
  }

  /** Keeps a producer started elsewhere (e.g. {@link AllocEvents}), to close with the dashboard. */
  public synchronized Dashboard closing(AutoCloseable producer) {
    running.add(producer);
    return this;
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable c : running) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("stopping a dashboard watcher", e);
      }
    }
    hub.close();
    workers.shutdownNow();
  }
}
