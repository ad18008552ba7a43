package io.hearth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.status.NodeStatus;
import io.hearth.core.time.Clock;
import io.hearth.runner.CallRecording;
import io.hearth.server.calls.CallRecords;
import io.hearth.server.http.Health;
import io.hearth.server.http.Router;
import io.hearth.server.metrics.HearthMetrics;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;

/**
 * A runner's HTTP side, on {@code HEARTH_PORT} like every role's (the lbs speak gRPC to it on
 * {@code HEARTH_GRPC_PORT}): {@code GET /}, {@code /version}, {@code /health} (200 while it takes
 * calls, 503 once it drains) and {@code /metrics} (its containers and resources, the calls it
 * recorded, and the calls it retried because they never reached a function). No API: functions,
 * calls and allocs are the api nodes' business.
 */
final class RunnerHttp implements AutoCloseable {
  private final Server jetty;
  private final HearthMetrics metrics;

  private RunnerHttp(Server jetty, HearthMetrics metrics) {
    this.jetty = jetty;
    this.metrics = metrics;
  }

  /**
   * @param status   the node's status, read at each scrape
   * @param draining whether the runner refuses new calls
   * @param ping     the datastore's check, or null without one
   * @param retries  the agent's retried calls by reason ({@code hearth_call_retries_total}), read at
   *                 each scrape
   */
  static RunnerHttp start(ServerConfig config, Clock clock, Supplier<NodeStatus> status, BooleanSupplier draining,
      Runnable ping, Supplier<Map<String, Long>> retries) throws Exception {
    Router router = new Router();
    HttpFront.registerVersion(router, "runner");
    Health.Check takesCalls = () -> draining.getAsBoolean() ? Optional.of("draining: it takes no new calls")
        : Optional.empty();
    Health.register(router, ping == null ? takesCalls : Health.both(takesCalls, Health.datastore(ping)));
    HearthMetrics metrics = new HearthMetrics(HearthServer.VERSION, clock, status, ping == null ? () -> { } : ping,
        () -> new CallRecords.Stats(0, 0, 0, 0)).callRetries(retries);
    metrics.register(router);
    return new RunnerHttp(HttpFront.start(config, router, new ObjectMapper()), metrics);
  }

  /**
   * Counts each call the runner records in its metrics too, then hands it to {@code next}. A runner
   * without a datastore records nothing ({@link CallRecording#NONE}, kept as it is so the lb records
   * its calls): its lb's metrics count them.
   */
  CallRecording counting(CallRecording next) {
    if (next == CallRecording.NONE) {
      return next;
    }
    return (callId, appId, fnId, result) -> {
      metrics.record(callId, appId, fnId, result);
      next.record(callId, appId, fnId, result);
    };
  }

  int port() {
    return HttpFront.port(jetty);
  }

  @Override
  public void close() {
    HttpFront.stop(jetty);
  }
}
