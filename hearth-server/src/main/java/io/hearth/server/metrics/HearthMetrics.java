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
import io.hearth.server.metrics.Families.Kind;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Hearth's metrics, served at {@code GET /metrics} by Prometheus' Java client: in Prometheus' text
 * format (0.0.4), or OpenMetrics when the scraper asks for it. Calls are counted as they end (this
 * is a {@link CallRecorder}): per function and status, and a latency histogram per status only, so
 * that the number of series grows with functions by one counter each. The node's containers and
 * resources are read from the agent at each scrape, the datastore's health at most every {@link
 * #DATASTORE_CHECK_EVERY}; the JVM's and the process's metrics come with every scrape.
 *
 * <p>Adding a metric: a live one is the client's own ({@code Counter.builder().name(..).help(..)
 * .labelNames(..).register(registry)}, {@code Histogram.builder()...}) made in the constructor; one
 * read from state kept elsewhere is a {@link MultiCollector} of {@link Families} snapshots, added
 * like {@link #leases}.
 */
public final class HearthMetrics implements CallRecorder {
  /** A scrape every few seconds costs the database one trivial query at most this often. */
  static final Duration DATASTORE_CHECK_EVERY = Duration.ofSeconds(5);
  /** Call latencies, seconds: 1 ms (a warm call) to 5 minutes (the longest timeout). */
  static final double[] LATENCY_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
      10, 30, 60, 300};
  /** Container states always shown, at 0 when none is in them, so that series do not vanish. */
  private static final List<String> STATES = List.of("starting", "idle", "frozen", "busy");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Counter calls;
  private final Histogram latency;
  private final Histogram coldStart;
  /**
   * The children of the calls that succeed, nearly all of them, looked up once: {@code labelValues}
   * copies its labels into a new list and looks them up on every call.
   */
  private final ConcurrentMap<String, CounterDataPoint> successes = new ConcurrentHashMap<>();
  /** The latency child of successes, made at the first one (so no series shows before it). */
  private volatile DistributionDataPoint successLatency;
  private final InstantSource clock;

  public HearthMetrics(String version, InstantSource clock, Supplier<NodeStatus> node, Runnable datastorePing,
      Supplier<CallRecords.Stats> records) {
    this.clock = clock;
    Info.builder().name("hearth_build_info").help("Hearth's version; always 1").labelNames("version")
        .register(registry).addLabelValues(version);
    calls = Counter.builder().name("hearth_calls_total").help("Calls that ended, by function and status "
        + "(success, error, timeout, rejected, cancelled)").labelNames("fn_id", "status").register(registry);
    latency = Histogram.builder().name("hearth_call_duration_seconds").help("Time from a call's arrival at the "
        + "agent to the end of its answer, by status").classicOnly().classicUpperBounds(LATENCY_SECONDS)
        .labelNames("status").register(registry);
    coldStart = Histogram.builder().name("hearth_container_start_seconds").help("Time to start a container for "
        + "a call (cold starts only)").classicOnly().classicUpperBounds(LATENCY_SECONDS).register(registry);
    registry.register(families(() -> nodeFamilies(node.get())));
    DatastoreHealth health = new DatastoreHealth(datastorePing, clock, DATASTORE_CHECK_EVERY);
    registry.register(families(() -> List.of(Families.gauge("hearth_datastore_up",
        "1 when the datastore answered its last check, else 0", health.up() ? 1 : 0))));
    registry.register(families(() -> recordFamilies(records.get())));
  }

  @Override
  public void record(String callId, String appId, String fnId, CallResult result) {
    String status = CallStatus.of(result);
    CallResult.Timings t = result.timings();
    double seconds = (t.queueNanos() + t.initNanos() + t.execNanos()) / 1e9;
    if (status.equals(CallStatus.SUCCESS)) {
      successes.computeIfAbsent(fnId, fn -> calls.labelValues(fn, status)).inc();
      DistributionDataPoint latencyOfSuccess = successLatency;
      if (latencyOfSuccess == null) {
        successLatency = latencyOfSuccess = latency.labelValues(status); // the same child if two calls race here
      }
      latencyOfSuccess.observe(seconds);
    } else {
      calls.labelValues(fnId, status).inc();
      latency.labelValues(status).observe(seconds);
    }
    if (t.cold()) {
      coldStart.observe(t.initNanos() / 1e9);
    }
  }

  /** Adds the async calls' families (queue depth and oldest age per function, claims, retries, outcomes). */
  public HearthMetrics async(Supplier<io.hearth.server.async.AsyncStats> stats) {
    registry.register(families(() -> AsyncFamilies.of(stats.get(), clock.instant())));
    return this;
  }

  /**
   * Adds {@code hearth_call_retries_total}: calls the agent sent to another container because they
   * provably never reached the first (its close raced them), by reason, read at each scrape.
   */
  public HearthMetrics callRetries(Supplier<Map<String, Long>> byReason) {
    registry.register(families(() -> List.of(Families.labelled("hearth_call_retries_total", "Calls sent to "
        + "another container because their first never got them (closing, connect, write)", Kind.COUNTER, "reason",
        byReason.get()))));
    return this;
  }

  /** Adds the node's leases ({@code hearth_allocs}, {@code hearth_leased_*}, ...), read at each scrape. */

  public HearthMetrics leases(Supplier<NodeLeases.LeaseStats> stats) {
    registry.register(families(() -> LeaseFamilies.of(stats.get())));
    return this;
  }

  /**
   * Adds the jobs' families ({@code hearth_jobs} by state from {@code countByState}, read at most
   * every few seconds; waits, locks, unlocks, outcomes) and returns what the dispatcher tells them.
   */
  public JobMetrics jobs(Supplier<Map<JobState, Long>> countByState) {
    return new JobFamilies(registry, countByState, clock);
  }

  /** The text of a scrape in Prometheus' text format. */
  public String scrape() {
    return new String(scrape(formats.getPrometheusTextFormatWriter()), StandardCharsets.UTF_8);
  }

  /** Registers {@code GET /metrics}. */
  public void register(Router router) {
    router.on("GET", "/metrics", ex -> {
      ExpositionFormatWriter writer = formats.findWriter(ex.request().getHeaders().get(HttpHeader.ACCEPT));
      byte[] body = scrape(writer);
      ex.response().setStatus(200);
      ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
      ex.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      ex.response().write(true, ByteBuffer.wrap(body), ex.callback());
    });
  }

  private byte[] scrape(ExpositionFormatWriter writer) {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    registry.scrape().forEach(all::metricSnapshot);
    JvmFamilies.scrape().forEach(all::metricSnapshot);
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, all.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  private static MultiCollector families(Supplier<List<MetricSnapshot>> read) {
    return () -> new MetricSnapshots(read.get());
  }

  private static List<MetricSnapshot> nodeFamilies(NodeStatus s) {
    Map<String, Integer> states = new TreeMap<>(s.containersByState());
    STATES.forEach(state -> states.putIfAbsent(state, 0));
    List<MetricSnapshot> out = new ArrayList<>();
    out.add(Families.labelled("hearth_containers", "Function containers by state", Kind.GAUGE, "state", states));
    out.add(Families.labelled("hearth_warm_containers", "Running containers (not starting) by function",
        Kind.GAUGE, "fn_id", s.warmByFn()));
    out.add(Families.gauge("hearth_memory_capacity_bytes", "Memory the node may give containers (0: not "
        + "accounted)", s.capacity().memoryBytes()));
    out.add(Families.gauge("hearth_memory_used_bytes", "Memory granted to containers now", s.used().memoryBytes()));
    out.add(Families.gauge("hearth_cpu_capacity_millicpus", "CPU the node may give containers (0: not accounted)",
        s.capacity().cpuMillis()));
    out.add(Families.gauge("hearth_cpu_used_millicpus", "CPU granted to containers now", s.used().cpuMillis()));
    out.add(Families.gauge("hearth_calls_waiting", "Calls waiting for a container now", s.callsWaiting()));
    out.add(Families.counter("hearth_cold_starts_total", "Calls that started a container", s.coldStarts()));
    out.add(Families.counter("hearth_warm_starts_total", "Calls served by a container already running",
        s.warmStarts()));
    out.add(Families.counter("hearth_calls_refused_total", "Calls refused for lack of resources or queue time",
        s.refused()));
    out.add(Families.counter("hearth_evictions_total", "Idle containers retired to make room for others",
        s.evictions()));
    return out;
  }

  private static List<MetricSnapshot> recordFamilies(CallRecords.Stats s) {
    return List.of(
        Families.counter("hearth_call_records_written_total", "Call records written to the datastore", s.written()),
        Families.counter("hearth_call_records_dropped_total", "Call records dropped: queue full, or lost at "
            + "shutdown with the datastore down", s.dropped()),
        Families.counter("hearth_call_records_failed_total", "Call records the datastore refused", s.failed()),
        Families.gauge("hearth_call_records_queued", "Call records waiting to be written", s.queued()));
  }
}
