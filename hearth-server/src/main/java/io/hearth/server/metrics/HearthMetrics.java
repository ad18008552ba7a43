package io.hearth.server.metrics;

import io.hearth.core.call.CallResult;
import io.hearth.core.job.JobState;
import io.hearth.core.status.NodeStatus;
import io.hearth.server.calls.CallRecorder;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.calls.CallStatus;
import io.hearth.server.http.Router;
import io.hearth.server.jobs.JobMetrics;
import io.hearth.server.leases.NodeLeases;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Hearth's metrics, served at {@code GET /metrics} in Prometheus' text format. Calls are counted
 * as they end (this is a {@link CallRecorder}): per function and status, and a latency histogram
 * per status only, so that the number of series grows with functions by one counter each. The
 * node's containers and resources are read from the agent at each scrape, the datastore's health
 * at most every {@link #DATASTORE_CHECK_EVERY}.
 */
public final class HearthMetrics implements CallRecorder {
  /** A scrape every few seconds costs the database one trivial query at most this often. */
  static final Duration DATASTORE_CHECK_EVERY = Duration.ofSeconds(5);
  /** Container states always shown, at 0 when none is in them, so that series do not vanish. */
  private static final List<String> STATES = List.of("starting", "idle", "frozen", "busy");

  private final MetricsRegistry registry = new MetricsRegistry();
  private final Counter calls;
  private final Histogram latency;
  private final Histogram coldStart;
  private final InstantSource clock;

  public HearthMetrics(String version, InstantSource clock, Supplier<NodeStatus> node, Runnable datastorePing,
      Supplier<CallRecords.Stats> records) {
    this.clock = clock;
    registry.register(() -> List.of(new MetricFamily("hearth_build_info", "Hearth's version; always 1",
        MetricFamily.Type.GAUGE, List.of(new MetricFamily.Sample("hearth_build_info", List.of("version"),
            List.of(version), 1)))));
    calls = registry.counter("hearth_calls_total", "Calls that ended, by function and status "
        + "(success, error, timeout, rejected, cancelled)", "fn_id", "status");
    latency = registry.histogram("hearth_call_duration_seconds", "Time from a call's arrival at the agent to "
        + "the end of its answer, by status", Histogram.LATENCY_SECONDS, "status");
    coldStart = registry.histogram("hearth_container_start_seconds", "Time to start a container for a call "
        + "(cold starts only)", Histogram.LATENCY_SECONDS);
    registry.register(() -> nodeFamilies(node.get()));
    DatastoreHealth health = new DatastoreHealth(datastorePing, clock, DATASTORE_CHECK_EVERY);
    registry.gauge("hearth_datastore_up", "1 when the datastore answered its last check, else 0",
        () -> health.up() ? 1 : 0);
    registry.register(() -> recordFamilies(records.get()));
  }

  @Override
  public void record(String callId, String appId, String fnId, CallResult result) {
    String status = CallStatus.of(result);
    CallResult.Timings t = result.timings();
    calls.inc(fnId, status);
    latency.observe((t.queueNanos() + t.initNanos() + t.execNanos()) / 1e9, status);
    if (t.cold()) {
      coldStart.observe(t.initNanos() / 1e9);
    }
  }

  /** Adds the node's leases ({@code hearth_allocs}, {@code hearth_leased_*}, ...), read at each scrape. */
  /** Adds the async calls' families (queue depth and oldest age per function, claims, retries, outcomes). */
  public HearthMetrics async(Supplier<io.hearth.server.async.AsyncStats> stats) {
    registry.register(() -> AsyncFamilies.of(stats.get(), clock.instant()));
    return this;
  }

  public HearthMetrics leases(Supplier<NodeLeases.LeaseStats> stats) {
    registry.register(() -> LeaseFamilies.of(stats.get()));
    return this;
  }

  /**
   * Adds the jobs' families ({@code hearth_jobs} by state from {@code countByState}, read at most
   * every few seconds; waits, locks, unlocks, outcomes) and returns what the dispatcher tells them.
   */
  public JobMetrics jobs(Supplier<Map<JobState, Long>> countByState) {
    return registry.register(new JobFamilies(countByState, clock));
  }

  /** The text of a scrape. */
  public String scrape() {
    return registry.scrape();
  }

  /** Registers {@code GET /metrics}. */
  public void register(Router router) {
    router.on("GET", "/metrics", ex -> {
      byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
      ex.response().setStatus(200);
      ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, Exposition.CONTENT_TYPE);
      ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      ex.response().write(true, ByteBuffer.wrap(body), ex.callback());
    });
  }

  private static List<MetricFamily> nodeFamilies(NodeStatus s) {
    Map<String, Integer> states = new TreeMap<>(s.containersByState());
    STATES.forEach(state -> states.putIfAbsent(state, 0));
    List<MetricFamily> out = new ArrayList<>();
    out.add(labelled("hearth_containers", "Function containers by state", "state", states));
    out.add(labelled("hearth_warm_containers", "Running containers (not starting) by function", "fn_id",
        new TreeMap<>(s.warmByFn())));
    out.add(gauge("hearth_memory_capacity_bytes", "Memory the node may give containers (0: not accounted)",
        s.capacity().memoryBytes()));
    out.add(gauge("hearth_memory_used_bytes", "Memory granted to containers now", s.used().memoryBytes()));
    out.add(gauge("hearth_cpu_capacity_millicpus", "CPU the node may give containers (0: not accounted)",
        s.capacity().cpuMillis()));
    out.add(gauge("hearth_cpu_used_millicpus", "CPU granted to containers now", s.used().cpuMillis()));
    out.add(gauge("hearth_calls_waiting", "Calls waiting for a container now", s.callsWaiting()));
    out.add(counter("hearth_cold_starts_total", "Calls that started a container", s.coldStarts()));
    out.add(counter("hearth_warm_starts_total", "Calls served by a container already running", s.warmStarts()));
    out.add(counter("hearth_calls_refused_total", "Calls refused for lack of resources or queue time", s.refused()));
    out.add(counter("hearth_evictions_total", "Idle containers retired to make room for others", s.evictions()));
    return out;
  }

  private static List<MetricFamily> recordFamilies(CallRecords.Stats s) {
    return List.of(
        counter("hearth_call_records_written_total", "Call records written to the datastore", s.written()),
        counter("hearth_call_records_dropped_total", "Call records dropped: queue full, or lost at shutdown "
            + "with the datastore down", s.dropped()),
        counter("hearth_call_records_failed_total", "Call records the datastore refused", s.failed()),
        gauge("hearth_call_records_queued", "Call records waiting to be written", s.queued()));
  }

  private static MetricFamily labelled(String name, String help, String label, Map<String, Integer> values) {
    List<MetricFamily.Sample> samples = new ArrayList<>();
    values.forEach((k, v) -> samples.add(new MetricFamily.Sample(name, List.of(label), List.of(k), v)));
    return new MetricFamily(name, help, MetricFamily.Type.GAUGE, samples);
  }

  private static MetricFamily gauge(String name, String help, double value) {
    return new MetricFamily(name, help, MetricFamily.Type.GAUGE, List.of(MetricFamily.Sample.of(name, value)));
  }

  private static MetricFamily counter(String name, String help, double value) {
    return new MetricFamily(name, help, MetricFamily.Type.COUNTER, List.of(MetricFamily.Sample.of(name, value)));
  }
}
