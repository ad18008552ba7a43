package io.hearth.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.core.id.Ids;
import io.hearth.core.job.Constraints;
import io.hearth.core.job.Priority;
import io.hearth.core.job.Scheduling;
import io.hearth.core.time.Clock;
import io.hearth.protocol.LeaseExchange;
import io.hearth.server.http.ApiHandler;
import io.hearth.server.http.JsonErrorHandler;
import io.hearth.server.http.Router;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobRow;
import io.hearth.testkit.store.InMemoryJobStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A job's log and output through the real Jetty front: a followed log arrives line by line while
 * the exec runs and ends with the job, the output tar carries its type and length, and errors are
 * JSON on the wire. The node's allocs API is a fake that writes one line, waits, then another.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AttemptFilesHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final InMemoryJobStore store = new InMemoryJobStore();
  private final CountDownLatch firstLineRead = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Server jetty;
  private int port;

  /** An exec that prints a line, waits until the test has read it, prints another and exits 0. */
  private final LeaseExchange.Handler allocs = (request, reply) -> {
    try (OutputStream out = reply.open(200, "text/plain; charset=utf-8")) {
      out.write("one\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        firstLineRead.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.write("two\n".getBytes(StandardCharsets.UTF_8));
      String id = request.segments().get(2).equals("a1") ? "j1" : "?";
      store.keepFiles(id, 1, "one\ntwo\n".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
      store.complete(id, "d", 1, 0, T0);
    }
  };

  @BeforeEach
  void start() throws Exception {
    Router router = new Router();
    new JobsApi(store, new Ids(Clock.system(), new Random(5)), Clock.system(), JSON, allocs).register(router);
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(new ApiHandler(router, JSON));
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.start();
    port = connector.getLocalPort();
    store.insert(JobRow.queued("j1", "n", "busybox:1.36", List.of("true"), Map.of(), Priority.DEFAULT_PRIORITY,
        Constraints.DEFAULT, Scheduling.DEFAULT, Map.of(), T0));
    store.lock("j1", "d");
    store.start("j1", "d", "local", AttemptRow.running("j1", 1, "n1", "a1", "x1", T0));
  }

  @AfterEach
  void stop() throws Exception {
    firstLineRead.countDown();
    jetty.stop();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
  }

  @Test
  void aFollowedLogStreamsWhileTheJobRunsAndEndsWhenItEnds() throws Exception {
    HttpResponse<InputStream> r = http.send(get("/v2/jobs/j1/log?follow=true"), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertThat(in.readLine()).as("the first line, while the exec still runs").isEqualTo("one");
      firstLineRead.countDown();
      assertThat(in.readLine()).isEqualTo("two");
      assertThat(in.readLine()).as("the answer ends with the job").isNull();
    }
    assertThat(store.get("j1").orElseThrow().state().wire()).isEqualTo("complete");

    HttpResponse<byte[]> tar = http.send(get("/v2/jobs/j1/output"), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(tar.statusCode()).isEqualTo(200);
    assertThat(tar.headers().firstValue("Content-Type")).hasValue("application/x-tar");
    assertThat(tar.headers().firstValueAsLong("Content-Length")).hasValue(3);
    assertThat(tar.body()).containsExactly(1, 2, 3);
    HttpResponse<String> log = http.send(get("/v2/jobs/j1/log"), HttpResponse.BodyHandlers.ofString());
    assertThat(log.body()).isEqualTo("one\ntwo\n");
  }

  @Test
  void refusalsAreJsonOnTheWire() throws Exception {
    HttpResponse<String> out = http.send(get("/v2/jobs/j1/output"), HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(404);
    assertThat(out.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    assertThat(JSON.readTree(out.body()).get("message").asText()).contains("has not finished");
    HttpResponse<String> bad = http.send(get("/v2/jobs/j1/log?attempt=-1"), HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("message").asText()).startsWith("Invalid attempt");
  }
}
