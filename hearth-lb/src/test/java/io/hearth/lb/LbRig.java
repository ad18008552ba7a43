package io.hearth.lb;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallRequest;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.placement.Placer;
import io.hearth.core.placement.PlacerConfig;
import io.hearth.core.placement.RunnerView;
import io.hearth.core.time.Clock;
import io.hearth.runner.CallRecording;
import io.hearth.runner.RunnerServer;
import io.hearth.runner.RunnerService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runners on 127.0.0.1 for the lb's tests: each a real {@link RunnerServer} (gRPC) over a {@link
 * FakeAgent}, the lb's {@link RunnerPool} of them, and what a test builds calls with. Registered as
 * an extension per test, it releases the agents and stops the pool and the servers after each.
 */
final class LbRig implements AfterEachCallback {
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  static final App APP = new App("A1", "shop", Map.of("K", "v"), Map.of(), null, null, T, T);
  static final PlacerConfig FAST = new PlacerConfig(Duration.ofMillis(10), Duration.ofMillis(400),
      Duration.ofMillis(400));

  /** Walks the runners in their listed order, whatever the key: tests choose who is asked first. */
  static final Placer IN_ORDER = (key, runners) -> {
    List<RunnerView> available = runners.stream().filter(RunnerView::available).toList();
    int[] i = {0};
    return () -> i[0] < available.size() ? Optional.of(available.get(i[0]++)) : Optional.empty();
  };

  final List<FakeAgent> agents = new ArrayList<>();
  final List<RunnerService> services = new ArrayList<>();
  final List<RunnerServer> servers = new ArrayList<>();
  private RunnerPool pool;
  private final AtomicInteger ids = new AtomicInteger();

  @Override
  public void afterEach(ExtensionContext context) {
    agents.forEach(FakeAgent::release);
    if (pool != null) {
      pool.close();
    }
    servers.forEach(RunnerServer::close);
  }

  List<String> startRunners(int n) throws Exception {
    return startRunners(n, CallRecording.NONE);
  }

  /** Starts {@code n} runners and a pool of them (polled every 100 ms); their addresses. */
  List<String> startRunners(int n, CallRecording recording) throws Exception {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FakeAgent agent = new FakeAgent();
      RunnerService service = new RunnerService("runner-" + i, agent, recording);
      RunnerServer server = RunnerServer.start("127.0.0.1", 0, service);
      agents.add(agent);
      services.add(service);
      servers.add(server);
      addresses.add("127.0.0.1:" + server.port());
    }
    pool = RunnerPool.fixed(addresses, Duration.ofMillis(100), Clock.system());
    return addresses;
  }

  RunnerPool pool() {
    return pool;
  }

  LbCaller lb(Placer placer, PlacerConfig config) {
    return new LbCaller(pool, placer, config, 0, Clock.system(), Clock.system()::sleep);
  }

  static Fn fn(String id) {
    return new Fn(id, "f-" + id, "A1", "img:1", 128, 30, 30, Map.of(), Map.of(), null, T, T);
  }

  /** A call of {@code fnId} with this body and these headers (name, value, ...), of a new id. */
  CallRequest request(String fnId, byte[] body, String... headers) {
    Headers h = new Headers();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return new CallRequest("call-" + ids.incrementAndGet(), APP, fn(fnId), h, new ByteArrayInputStream(body),
        body.length);
  }

  /** Captures a call's answer. */
  static final class Sink implements ResponseSink {
    volatile int status;
    volatile Headers headers;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public OutputStream commit(int status, Headers headers, long contentLength) {
      this.status = status;
      this.headers = headers;
      return body;
    }
  }

  static void awaitActive(RunnerService service, int n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (service.status().activeCalls() != n) {
      assertThat(System.nanoTime()).as("waiting for %d active calls", n).isLessThan(until);
      Thread.sleep(10);
    }
  }

  static void eventuallyTrue(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 10 s").isLessThan(until);
      Thread.sleep(20);
    }
  }
}
