package io.hearth.lb;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.placement.Placer;
import io.hearth.core.placement.PlacerConfig;
import io.hearth.core.placement.RunnerView;
import io.hearth.core.status.NodeStatus;
import io.hearth.protocol.FromRunner;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.ToRunner;
import io.hearth.runner.CallRecording;
import io.hearth.runner.RunnerServer;
import io.hearth.runner.RunnerService;
import io.hearth.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runner protocol end to end over real gRPC on 127.0.0.1, with fake agents: bodies both ways,
 * refusals and walking on, the placer timeout, draining, runners dying before and after they
 * commit, detached calls, status.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LbCallerTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final App APP = new App("A1", "shop", Map.of("K", "v"), Map.of(), null, null, T, T);
  private static final PlacerConfig FAST = new PlacerConfig(Duration.ofMillis(10), Duration.ofMillis(400),
      Duration.ofMillis(400));

  private final List<FakeAgent> agents = new ArrayList<>();
  private final List<RunnerService> services = new ArrayList<>();
  private final List<RunnerServer> servers = new ArrayList<>();
  private RunnerPool pool;
  private final AtomicInteger ids = new AtomicInteger();

  @AfterEach
  void stop() {
    agents.forEach(FakeAgent::release);
    if (pool != null) {
      pool.close();
    }
    servers.forEach(RunnerServer::close);
  }

  private List<String> startRunners(int n) throws Exception {
    return startRunners(n, CallRecording.NONE);
  }

  private List<String> startRunners(int n, CallRecording recording) throws Exception {
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

  private LbCaller lb(Placer placer, PlacerConfig config) {
    return new LbCaller(pool, placer, config, 0, Clock.system(), Clock.system()::sleep);
  }

  /** Walks the runners in their listed order, whatever the key: tests choose who is asked first. */
  private static final Placer IN_ORDER = (key, runners) -> {
    List<RunnerView> available = runners.stream().filter(RunnerView::available).toList();
    int[] i = {0};
    return () -> i[0] < available.size() ? Optional.of(available.get(i[0]++)) : Optional.empty();
  };

  static Fn fn(String id) {
    return new Fn(id, "f-" + id, "A1", "img:1", 128, 30, 30, Map.of(), Map.of(), null, T, T);
  }

  private CallRequest request(String fnId, byte[] body, String... headers) {
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

  @Test
  void aLargeBodyGoesToTheRunnerAndItsAnswerComesBackWhole() throws Exception {
    startRunners(1);
    byte[] body = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(body);
    Sink sink = new Sink();
    CallResult result = lb(Placer.consistentHash(), FAST).call(request("F1", body), sink);
    assertThat(result).isInstanceOf(CallResult.Completed.class);
    assertThat(sink.status).isEqualTo(200);
    assertThat(sink.headers.first("Content-Type")).isEqualTo("text/plain");
    assertThat(sink.body.toByteArray()).isEqualTo(body);
    assertThat(result.timings().queueNanos()).isEqualTo(1000);
    assertThat(services.getFirst().status().handled()).isEqualTo(1);
  }

  @Test
  void anEmptyBodyWorksToo() throws Exception {
    startRunners(1);
    Sink sink = new Sink();
    assertThat(lb(Placer.consistentHash(), FAST).call(request("F1", new byte[0]), sink))
        .isInstanceOf(CallResult.Completed.class);
    assertThat(sink.body.size()).isZero();
  }

  @Test
  void aBusyRunnerIsPassedOverForTheNext() throws Exception {
    startRunners(2);
    agents.get(0).mode = "busy";
    LbCaller lb = lb(IN_ORDER, FAST);
    for (int i = 0; i < 5; i++) {
      Sink sink = new Sink();
      assertThat(lb.call(request("F1", "hi".getBytes()), sink)).isInstanceOf(CallResult.Completed.class);
      assertThat(sink.body.toString()).isEqualTo("hi");
    }
    assertThat(agents.get(1).calls.get()).isEqualTo(5);
    NodeStatus first = services.get(0).status();
    assertThat(first.received()).isEqualTo(5);
    assertThat(first.refused()).isEqualTo(5);
    assertThat(first.handled()).isZero();
  }

  @Test
  void whenEveryRunnerIsBusyTheCallIsRetriedUntilThePlacerTimeoutThen503() throws Exception {
    startRunners(2);
    agents.forEach(a -> a.mode = "busy");
    long start = System.nanoTime();
    CallResult result = lb(Placer.consistentHash(), FAST).call(request("F1", "x".getBytes()), new Sink());
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class, f -> {
      assertThat(f.error()).isEqualTo(CallError.TOO_BUSY);
      assertThat(f.status()).isEqualTo(503);
    });
    // retried until the placer's 400 ms timeout, never given up before it (no upper bound: timing must not fail it)
    assertThat(tookMs).isGreaterThanOrEqualTo(350L);
    assertThat(services.get(0).status().received()).isGreaterThan(3);
    assertThat(services.get(1).status().received()).isGreaterThan(3);
  }

  @Test
  void aFunctionTooBigForEveryRunnerGets400AtOnce() throws Exception {
    startRunners(2);
    agents.forEach(a -> a.mode = "big");
    CallResult result = lb(Placer.consistentHash(), new PlacerConfig(Duration.ofMillis(10), Duration.ofSeconds(20),
        Duration.ofSeconds(20))).call(request("F1", "x".getBytes()), new Sink());
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class,
        f -> assertThat(f.error()).isEqualTo(CallError.TOO_BIG));
    assertThat(services.get(0).status().received() + services.get(1).status().received()).isEqualTo(2);
  }

  @Test
  void aDrainingRunnerTakesNoNewCallAndFinishesItsOwn() throws Exception {
    startRunners(2);
    LbCaller lb = lb(IN_ORDER, FAST);
    Sink held = new Sink();
    CompletableFuture<CallResult> running = CompletableFuture.supplyAsync(
        () -> lb.call(request("F1", "first".getBytes(), "X-Do", "hold"), held));
    assertThat(agents.get(0).holding.await(10, TimeUnit.SECONDS)).isTrue();
    services.get(0).drain();
    Sink next = new Sink();
    assertThat(lb.call(request("F1", "second".getBytes()), next)).isInstanceOf(CallResult.Completed.class);
    assertThat(agents.get(1).calls.get()).isEqualTo(1);
    assertThat(services.get(0).status().draining()).isTrue();
    assertThat(services.get(0).awaitIdle(Duration.ofMillis(200))).isFalse();
    agents.get(0).release();
    assertThat(running.get(10, TimeUnit.SECONDS)).isInstanceOf(CallResult.Completed.class);
    assertThat(held.body.toString()).isEqualTo("first");
    assertThat(services.get(0).awaitIdle(Duration.ofSeconds(5))).isTrue();
    NodeStatus s = services.get(0).status();
    assertThat(s.handled()).isEqualTo(1);
    assertThat(s.activeCalls()).isZero();
  }

  @Test
  void aCallNotYetStartedOnARunnerThatDiesIsPlacedOnAnother() throws Exception {
    startRunners(2);
    agents.get(0).mode = "wait"; // not admitted yet: not the runner's
    LbCaller lb = lb(IN_ORDER, new PlacerConfig(Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    Sink sink = new Sink();
    CompletableFuture<CallResult> call = CompletableFuture.supplyAsync(
        () -> lb.call(request("F1", "again".getBytes()), sink));
    awaitActive(services.get(0), 1);
    servers.get(0).kill();
    assertThat(call.get(10, TimeUnit.SECONDS)).isInstanceOf(CallResult.Completed.class);
    assertThat(sink.body.toString()).isEqualTo("again");
    assertThat(agents.get(1).calls.get()).isEqualTo(1);
  }

  @Test
  void aCallInFlightOnARunnerThatDiesEndsWith502() throws Exception {
    startRunners(2);
    agents.get(0).mode = "hold"; // committed: the body was read
    LbCaller lb = lb(IN_ORDER, FAST);
    CompletableFuture<CallResult> call = CompletableFuture.supplyAsync(
        () -> lb.call(request("F1", "lost".getBytes()), new Sink()));
    assertThat(agents.get(0).holding.await(10, TimeUnit.SECONDS)).isTrue();
    servers.get(0).kill();
    CallResult result = call.get(10, TimeUnit.SECONDS);
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class, f -> {
      assertThat(f.status()).isEqualTo(502);
      assertThat(f.committed()).isFalse();
      assertThat(f.message()).contains("the runner running the call went away");
    });
    assertThat(agents.get(1).calls.get()).as("a committed call is never run twice").isZero();
  }

  @Test
  void aDetachedCallAnswers202OnceItHasStartedAndRunsOn() throws Exception {
    startRunners(1);
    agents.get(0).mode = "hold";
    Sink sink = new Sink();
    CallResult result = lb(Placer.consistentHash(), FAST)
        .call(request("F1", "later".getBytes(), "Fn-Invoke-Type", "detached"), sink);
    assertThat(result).isInstanceOfSatisfying(CallResult.Completed.class, c -> assertThat(c.status()).isEqualTo(202));
    assertThat(sink.status).isEqualTo(202);
    assertThat(sink.headers.first("Fn-Call-Id")).startsWith("call-");
    assertThat(services.get(0).status().activeCalls()).isEqualTo(1);
    agents.get(0).release();
    awaitActive(services.get(0), 0);
    assertThat(services.get(0).status().handled()).isEqualTo(1);
  }

  @Test
  void aStartedDetachedCallReturnsAtTheRunnersCommitAndItsEndIsToldWhenTheRunnerFinishes() throws Exception {
    startRunners(1);
    agents.get(0).mode = "hold";
    java.util.concurrent.CompletableFuture<CallResult> ended = new java.util.concurrent.CompletableFuture<>();
    Optional<CallResult.Failed> refused = lb(Placer.consistentHash(), FAST)
        .start(request("F1", "later".getBytes(), "Fn-Invoke-Type", "detached"), ended::complete);
    assertThat(refused).isEmpty();
    assertThat(services.get(0).status().activeCalls()).isEqualTo(1);
    assertThat(ended).isNotDone(); // held by the function: the call has not ended
    agents.get(0).release();
    assertThat(ended.get(20, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOfSatisfying(CallResult.Completed.class,
        c -> assertThat(c.status()).isEqualTo(200));
  }

  @Test
  void aDetachedCallNoRunnerTakesIsRefusedAndNeverToldAnEnd() throws Exception {
    startRunners(1);
    agents.get(0).mode = "big";
    java.util.concurrent.CompletableFuture<CallResult> ended = new java.util.concurrent.CompletableFuture<>();
    Optional<CallResult.Failed> refused = lb(Placer.consistentHash(), FAST)
        .start(request("F1", "x".getBytes(), "Fn-Invoke-Type", "detached"), ended::complete);
    assertThat(refused).hasValueSatisfying(f -> assertThat(f.error()).isEqualTo(CallError.TOO_BIG));
    assertThat(ended).isNotDone();
  }

  @Test
  void aFailureBeforeTheAnswerIsTheRunnersFinalWord() throws Exception {
    startRunners(2);
    agents.get(0).mode = "fail";
    CallResult result = lb(IN_ORDER, FAST).call(request("F1", "x".getBytes()), new Sink());
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class, f -> {
      assertThat(f.error()).isEqualTo(CallError.FUNCTION_FAILED);
      assertThat(f.message()).isEqualTo("function failed");
    });
    assertThat(agents.get(1).calls.get()).isZero();
  }

  @Test
  void theStatusCallReportsWhatTheRunnerHolds() throws Exception {
    List<String> addresses = startRunners(1);
    LbCaller lb = lb(Placer.consistentHash(), FAST);
    lb.call(request("F1", "a".getBytes()), new Sink());
    lb.call(request("F2", "b".getBytes()), new Sink());
    lb.call(request("F2", "c".getBytes()), new Sink());
    try (RunnerClient client = new RunnerClient(addresses.getFirst())) {
      NodeStatus s = client.status(Duration.ofSeconds(5));
      assertThat(s.nodeId()).isEqualTo("runner-0");
      assertThat(s.received()).isEqualTo(3);
      assertThat(s.handled()).isEqualTo(3);
      assertThat(s.capacity().memoryBytes()).isEqualTo(1L << 30);
      assertThat(s.warmByFn()).containsEntry("F1", 1).containsEntry("F2", 2);
      assertThat(s.draining()).isFalse();
    }
  }

  @Test
  void aRunnerOfAnotherProtocolVersionRefuses() throws Exception {
    List<String> addresses = startRunners(1);
    try (RunnerClient client = new RunnerClient(addresses.getFirst())) {
      ToRunner.TryCall t = new ToRunner.TryCall(RunnerProtocol.VERSION + 1, "c1", APP, fn("F1"), 1,
          new Headers(), 0, false);
      RemoteAttempt.Outcome o = new RemoteAttempt(client, t, RequestBody.of(new byte[0]), new Sink(), r -> { }).run();
      assertThat(o).isInstanceOfSatisfying(RemoteAttempt.Outcome.Refused.class,
          r -> assertThat(r.reason()).isEqualTo(FromRunner.Reason.VERSION));
    }
  }

  @Test
  void theLbLeavesOutARunnerThatStoppedAnsweringAndTakesItBackWhenItDoes() throws Exception {
    startRunners(2);
    servers.get(0).kill();
    LbCaller lb = lb(IN_ORDER, FAST);
    assertThat(lb.call(request("F1", "x".getBytes()), new Sink())).isInstanceOf(CallResult.Completed.class);
    assertThat(pool.view().getFirst().available()).isFalse();
    assertThat(pool.view().get(1).available()).isTrue();
    assertThat(pool.view().stream().sorted(Comparator.comparing(RunnerView::id)).toList()).hasSize(2);
  }

  @Test
  void theViewIsHandedOutWithoutACopyAndShowsTheLbsOwnCallsAtOnce() throws Exception {
    startRunners(1);
    assertThat(pool.view()).isSameAs(pool.view());
    agents.getFirst().mode = "hold";
    CompletableFuture<CallResult> held = CompletableFuture.supplyAsync(
        () -> lb(IN_ORDER, FAST).call(request("F1", "x".getBytes()), new Sink()));
    agents.getFirst().holding.await(10, TimeUnit.SECONDS);
    assertThat(pool.view().getFirst().activeCalls()).isEqualTo(1); // the lb's own count, whether or not a poll saw it yet
    agents.getFirst().release();
    assertThat(held.get(10, TimeUnit.SECONDS)).isInstanceOf(CallResult.Completed.class);
  }

  private static void awaitActive(RunnerService service, int n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (service.status().activeCalls() != n) {
      assertThat(System.nanoTime()).as("waiting for %d active calls", n).isLessThan(until);
      Thread.sleep(10);
    }
  }

  @Test
  void aRunnerThatRecordsItsCallsSaysSoAndTheLbLeavesThemToIt() throws Exception {
    java.util.concurrent.ConcurrentLinkedQueue<String> recorded = new java.util.concurrent.ConcurrentLinkedQueue<>();
    startRunners(1, (callId, appId, fnId, result) -> recorded.add(callId + " " + fnId));
    LbCaller lb = lb(IN_ORDER, FAST);
    CallResult sync = lb.call(request("F1", "hi".getBytes()), new Sink());
    assertThat(sync).isInstanceOf(CallResult.Completed.class);
    assertThat(sync.recordedElsewhere()).isTrue();
    CallResult detached = lb.call(request("F1", "later".getBytes(), "Fn-Invoke-Type", "detached"), new Sink());
    assertThat(detached.recordedElsewhere()).isTrue();
    eventuallyTrue(() -> recorded.size() == 2);
    assertThat(recorded).allMatch(r -> r.endsWith(" F1"));
  }

  @Test
  void aCallAdmittedToARunnersQueueIsTheRunnersEvenWhenItsContainerFailsToStart() throws Exception {
    java.util.concurrent.ConcurrentLinkedQueue<String> recorded = new java.util.concurrent.ConcurrentLinkedQueue<>();
    startRunners(2, (callId, appId, fnId, result) -> recorded.add(callId));
    agents.get(0).mode = "queued-fail"; // committed at admission, before any body read
    CallResult result = lb(IN_ORDER, FAST).call(request("F1", "x".getBytes()), new Sink());
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class,
        f -> assertThat(f.error()).isEqualTo(CallError.INIT_FAILED));
    assertThat(result.recordedElsewhere()).as("the runner committed to it, so it records it").isTrue();
    assertThat(agents.get(1).calls.get()).as("a committed call is never placed again").isZero();
    eventuallyTrue(() -> recorded.size() == 1);
  }

  @Test
  void callsOfARunnerThatDoesNotRecordAreTheLbsToRecord() throws Exception {
    startRunners(1);
    CallResult sync = lb(IN_ORDER, FAST).call(request("F1", "hi".getBytes()), new Sink());
    assertThat(sync).isInstanceOf(CallResult.Completed.class);
    assertThat(sync.recordedElsewhere()).isFalse();
  }

  private static void eventuallyTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 10 s").isLessThan(until);
      Thread.sleep(20);
    }
  }
}
