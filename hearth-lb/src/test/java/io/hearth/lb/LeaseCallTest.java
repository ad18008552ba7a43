package io.hearth.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.protocol.LeaseExchange;
import io.hearth.runner.CallRecording;
import io.hearth.runner.RunnerServer;
import io.hearth.runner.RunnerService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leases method end to end over a real gRPC server on loopback: a runner's handler, an api node's call. */
class LeaseCallTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  /** A reply that keeps what it is given. */
  static final class Captured implements LeaseExchange.Reply {
    int status;
    String contentType;
    Map<String, String> headers = Map.of();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public OutputStream open(int status, String contentType) {
      return open(status, contentType, Map.of());
    }

    @Override
    public OutputStream open(int status, String contentType, Map<String, String> headers) {
      this.status = status;
      this.contentType = contentType;
      this.headers = headers;
      return body;
    }

    String text() {
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  private RunnerClient runner(LeaseExchange.Handler handler) throws IOException {
    RunnerService service = new RunnerService("r1", new FakeAgent(), CallRecording.NONE, handler);
    RunnerServer server = RunnerServer.start("127.0.0.1", 0, service);
    open.add(server);
    RunnerClient client = new RunnerClient("127.0.0.1:" + server.port());
    open.add(client);
    return client;
  }

  private static LeaseExchange.Request get(String... segments) {
    return new LeaseExchange.Request("GET", List.of(segments), Map.of(), new byte[0]);
  }

  @Test
  void theRequestArrivesWholeAndTheAnswerComesBackWithItsStatusTypeAndBody() throws Exception {
    AtomicReference<LeaseExchange.Request> seen = new AtomicReference<>();
    RunnerClient client = runner((request, reply) -> {
      seen.set(request);
      try (OutputStream out = reply.open(201, "application/json", Map.of("Location", "/v2/allocs/r1.A"))) {
        out.write("{\"id\":\"r1.A\"}".getBytes(StandardCharsets.UTF_8));
      }
    });
    Captured reply = new Captured();
    LeaseExchange.Request request = new LeaseExchange.Request("POST", List.of("v2", "allocs"), Map.of("x", "1"),
        "{\"owner\":\"ada\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(client.leases(request, DEADLINE, reply)).isEqualTo(new LeaseCall.Outcome.Answered(201));
    assertThat(reply.contentType).isEqualTo("application/json");
    assertThat(reply.headers).isEqualTo(Map.of("Location", "/v2/allocs/r1.A"));
    assertThat(reply.text()).isEqualTo("{\"id\":\"r1.A\"}");
    assertThat(seen.get().segments()).containsExactly("v2", "allocs");
    assertThat(seen.get().query()).isEqualTo(Map.of("x", "1"));
    assertThat(new String(seen.get().body(), StandardCharsets.UTF_8)).isEqualTo("{\"owner\":\"ada\"}");
  }

  @Test
  void aLargeBodyComesBackWholeInManyFrames() throws Exception {
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    RunnerClient client = runner((request, reply) -> {
      try (OutputStream out = reply.open(200, "application/octet-stream")) {
        for (int off = 0; off < big.length; off += 1000) {
          out.write(big, off, Math.min(1000, big.length - off));
        }
      }
    });
    Captured reply = new Captured();
    assertThat(client.leases(get("v2", "allocs", "r1.A", "files", "out"), DEADLINE, reply))
        .isEqualTo(new LeaseCall.Outcome.Answered(200));
    assertThat(reply.body.toByteArray()).isEqualTo(big);
  }

  @Test
  void whatTheHandlerWritesReachesTheCallerBeforeTheAnswerEnds() throws Exception {
    CountDownLatch firstSeen = new CountDownLatch(1);
    RunnerClient client = runner((request, reply) -> {
      OutputStream out = reply.open(200, "text/plain");
      out.write("line 1\n".getBytes(StandardCharsets.UTF_8));
      try {
        if (!firstSeen.await(10, TimeUnit.SECONDS)) {
          throw new IOException("the caller never saw the first line");
        }
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      out.write("line 2\n".getBytes(StandardCharsets.UTF_8));
      out.close();
    });
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    LeaseExchange.Reply reply = (status, type) -> new OutputStream() {
      @Override
      public void write(int b) {
        got.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        got.write(b, off, len);
        if (got.toString(StandardCharsets.UTF_8).contains("line 1")) {
          firstSeen.countDown();
        }
      }
    };
    assertThat(client.leases(get("v2", "allocs", "r1.A", "execs", "E", "log"), DEADLINE, reply))
        .isEqualTo(new LeaseCall.Outcome.Answered(200));
    assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\n");
  }

  @Test
  void aRunnerWithoutLeasesAnswers404InJson() throws Exception {
    RunnerService service = new RunnerService("r1", new FakeAgent());
    RunnerServer server = RunnerServer.start("127.0.0.1", 0, service);
    open.add(server);
    RunnerClient client = new RunnerClient("127.0.0.1:" + server.port());
    open.add(client);
    Captured reply = new Captured();
    assertThat(client.leases(get("v2", "offers"), DEADLINE, reply)).isEqualTo(new LeaseCall.Outcome.Answered(404));
    assertThat(reply.contentType).isEqualTo("application/json");
    assertThat(reply.text()).isEqualTo("{\"message\":\"this runner does not hold leases\"}");
  }

  @Test
  void aHandlerThatFailsBeforeAnsweringIsAnswered500WithItsReason() throws Exception {
    RunnerClient client = runner((request, reply) -> {
      throw new IllegalStateException("the \"book\" is closed");
    });
    Captured reply = new Captured();
    assertThat(client.leases(get("v2", "offers"), DEADLINE, reply)).isEqualTo(new LeaseCall.Outcome.Answered(500));
    assertThat(reply.text()).isEqualTo("{\"message\":\"the runner failed to answer: the \\\"book\\\" is closed\"}");
  }

  @Test
  void aHandlerThatFailsMidBodyCutsTheAnswerShortAndTheCallerHearsIt() throws Exception {
    RunnerClient client = runner((request, reply) -> {
      OutputStream out = reply.open(200, "text/plain");
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("the log file vanished");
    });
    Captured reply = new Captured();
    assertThatThrownBy(() -> client.leases(get("v2", "allocs", "r1.A", "execs", "E", "log"), DEADLINE, reply))
        .isInstanceOf(IOException.class).hasMessageContaining("broke off").hasMessageContaining("vanished");
    assertThat(reply.status).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("partial");
  }

  @Test
  void aRunnerThatDoesNotAnswerWithinTheDeadlineIsUnreachable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    open.add(release::countDown);
    RunnerClient client = runner((request, reply) -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Captured reply = new Captured();
    LeaseCall.Outcome outcome = client.leases(get("v2", "offers"), Duration.ofMillis(200), reply);
    assertThat(outcome).isInstanceOf(LeaseCall.Outcome.Unreachable.class);
    assertThat(((LeaseCall.Outcome.Unreachable) outcome).reason()).contains("no answer within 200 ms");
    assertThat(reply.status).as("nothing was written").isZero();
  }

  @Test
  void aClosedPortIsUnreachable() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (RunnerClient client = new RunnerClient("127.0.0.1:" + port)) {
      Captured reply = new Captured();
      LeaseCall.Outcome outcome = client.leases(get("v2", "offers"), DEADLINE, reply);
      assertThat(outcome).isInstanceOf(LeaseCall.Outcome.Unreachable.class);
      assertThat(((LeaseCall.Outcome.Unreachable) outcome).reason()).contains("cannot connect");
    }
  }
}
