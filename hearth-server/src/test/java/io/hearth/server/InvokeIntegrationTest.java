package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.ContainerView;
import io.hearth.docker.testing.TestDocker;
import io.hearth.docker.testing.TestImages;
import io.hearth.fdk.Fdk;
import io.hearth.samples.Hello;
import io.hearth.samples.TestFn;
import io.hearth.uds.BodyInputStream;
import io.hearth.uds.HttpWire;
import io.hearth.uds.ResponseHead;
import io.hearth.uds.WireInput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The invoke path end to end: HTTP API, datastore, agent and real containers on the Docker Engine. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InvokeIntegrationTest {
  static final String INIT_TIMEOUT = "Container initialization timed out, please ensure you are using the latest fdk "
      + "and check the logs";
  static final String INIT_FAILED = "Container failed to initialize, please ensure you are using the latest fdk and "
      + "check the logs";

  static TestServer node;
  static String image;
  static String appId;

  @BeforeAll
  static void start() throws Exception {
    TestDocker.driver(); // skips when no engine answers
    image = TestImages.functionImage("testfn", TestFn.class.getName(), TestFn.class, Fdk.class, HttpWire.class);
    // Fn's rule, each function's idle_timeout, so a container of a function with idle_timeout 1 retires in a second.
    node = TestServer.start(Map.of("HEARTH_HOT_START_TIMEOUT_MSECS", "3000", "HEARTH_KEEPALIVE_POLICY", "per-function"));
    appId = node.app("invoke-it");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private static List<ContainerView> containersOf(String fnId) {
    return node.server.agent().containers().stream().filter(c -> c.fnId().equals(fnId)).toList();
  }

  @Test
  void coldThenWarmCallsAreServedByTheSameContainer() throws Exception {
    String fn = node.fn(appId, "warm", image, null);
    HttpResponse<String> first = node.invoke(fn, "env HOSTNAME");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Fn-Call-Id")).isPresent();
    HttpResponse<String> second = node.invoke(fn, "env HOSTNAME");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isNotBlank().isEqualTo(first.body());
    assertThat(second.headers().firstValue("Fn-Call-Id")).isNotEqualTo(first.headers().firstValue("Fn-Call-Id"));
    List<ContainerView> containers = containersOf(fn);
    assertThat(containers).hasSize(1);
    assertThat(containers.getFirst().calls()).isEqualTo(2);
    assertThat(containers.getFirst().id()).startsWith(first.body().strip());
  }

  @Test
  void echoesThroughTheContractWithCallHeaders() throws Exception {
    String fn = node.fn(appId, "echo", image, null);
    HttpResponse<String> r = node.invoke(fn, "echo\nhello, hearth");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello, hearth");
    HttpResponse<String> headers = node.invoke(fn, "headers");
    assertThat(headers.body()).containsIgnoringCase("Fn-Call-Id: " + headers.headers().firstValue("Fn-Call-Id").orElseThrow());
    assertThat(headers.body()).containsIgnoringCase("Fn-Deadline: ");
  }

  @Test
  void idleContainerRetiresAfterItsIdleTimeout() throws Exception {
    String fn = node.fn(appId, "idle", image, "\"idle_timeout\":1");
    assertThat(node.invoke(fn, "echo\nx").statusCode()).isEqualTo(200);
    String id = containersOf(fn).getFirst().id();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!containersOf(fn).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(containersOf(fn)).isEmpty();
    while (TestDocker.driver().inspect(id).running() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(TestDocker.driver().inspect(id).running()).isFalse();
  }

  @Test
  void functionThatNeverCreatesItsSocketTimesOut() throws Exception {
    String fn = node.fn(appId, "nosocket", image, "\"config\":{\"TESTFN_NO_SOCKET\":\"1\"}");
    HttpResponse<String> r = node.invoke(fn, "echo\nx");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(node.json(r).get("message").asText()).isEqualTo(INIT_TIMEOUT);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
  }

  @Test
  void functionThatExitsDuringInitFailsFast() throws Exception {
    // An init timeout of 10 minutes, far past the class's timeout: the call can end in time only
    // when the engine's exit event is noticed, not by waiting out the timeout.
    String fn = node.fn(appId, "initexit", image, "\"config\":{\"TESTFN_INIT_EXIT\":\"3\"},"
        + "\"annotations\":{\"hearth.io/init_timeout_ms\":600000}");
    HttpResponse<String> r = node.invoke(fn, "echo\nx");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(node.json(r).get("message").asText()).isEqualTo(INIT_FAILED);
  }

  @Test
  void symlinkOutOfTheSocketDirectoryIsAnInitFailure() throws Exception {
    String fn = node.fn(appId, "badlink", image, "\"config\":{\"TESTFN_BAD_SYMLINK\":\"1\"}");
    HttpResponse<String> r = node.invoke(fn, "echo\nx");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(node.json(r).get("message").asText()).isEqualTo(INIT_FAILED);
  }

  @Test
  void missingImageIsAClearErrorNamingIt() throws Exception {
    String missing = "hearth-test/does-not-exist:" + System.nanoTime();
    String fn = node.fn(appId, "noimage", missing, null);
    HttpResponse<String> r = node.invoke(fn, "echo\nx");
    assertThat(r.statusCode()).isBetween(400, 599);
    assertThat(node.json(r).get("message").asText()).contains(missing);
  }

  @Test
  void tenMegabyteBodiesStreamBothWays() throws Exception {
    String fn = node.fn(appId, "big", image, null);
    byte[] payload = new byte[10 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    byte[] request = new byte[5 + payload.length];
    System.arraycopy("echo\n".getBytes(), 0, request, 0, 5);
    System.arraycopy(payload, 0, request, 5, payload.length);
    // Full duplex, as a proxy must be: the echo answers while the request is still arriving.
    byte[] echoed = fullDuplexPost("/invoke/" + fn, request);
    assertThat(echoed).hasSize(payload.length);
    assertThat(sha256(echoed)).isEqualTo(sha256(payload));

    int size = 10 * 1024 * 1024;
    HttpResponse<byte[]> written = node.http.send(HttpRequest.newBuilder(URI.create(node.url("/invoke/" + fn)))
        .POST(HttpRequest.BodyPublishers.ofString("write " + size)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(written.statusCode()).isEqualTo(200);
    assertThat(written.body()).hasSize(size);
    String pattern = "abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < size; i += 1_000_003) {
      assertThat((char) written.body()[i]).isEqualTo(pattern.charAt(i % pattern.length()));
    }
  }

  @Test
  void containerKilledFromOutsideIsReplacedOnTheNextCall() throws Exception {
    String fn = node.fn(appId, "killed", image, null);
    HttpResponse<String> first = node.invoke(fn, "env HOSTNAME");
    assertThat(first.statusCode()).isEqualTo(200);
    String id = containersOf(fn).getFirst().id();
    TestDocker.driver().kill(id);
    HttpResponse<String> second = node.invoke(fn, "env HOSTNAME");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isNotBlank().isNotEqualTo(first.body());
    assertThat(containersOf(fn)).extracting(ContainerView::id).doesNotContain(id);
  }

  @Test
  void crashingFunctionIsA502AndTheContainerKeepsServing() throws Exception {
    String fn = node.fn(appId, "crash", image, null);
    HttpResponse<String> r = node.invoke(fn, "crash");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(node.json(r).get("message").asText()).isEqualTo("function failed");
    assertThat(node.invoke(fn, "echo\nstill here").body()).isEqualTo("still here");
  }

  @Test
  void callOverItsTimeoutIs504AndTheContainerIsReplaced() throws Exception {
    String fn = node.fn(appId, "slow", image, "\"timeout\":1");
    HttpResponse<String> r = node.invoke(fn, "sleep 5000");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(node.json(r).get("message").asText()).isEqualTo("Timed out");
    assertThat(node.invoke(fn, "echo\nnext").body()).isEqualTo("next");
  }

  @Test
  void processExitMidCallReportsItsExitCode() throws Exception {
    String fn = node.fn(appId, "exiting", image, null);
    HttpResponse<String> r = node.invoke(fn, "exit 7");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(node.json(r).get("message").asText()).isEqualTo("container exit code 7");
    assertThat(node.invoke(fn, "echo\nback").body()).isEqualTo("back");
  }

  @Test
  void helloGreets() throws Exception {
    String hello = TestImages.functionImage("hello", Hello.class.getName(), Hello.class, Fdk.class, HttpWire.class);
    String fn = node.fn(appId, "hello", hello, null);
    HttpResponse<String> r = node.invoke(fn, "Ada");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("Hello, Ada!");
  }

  /** POSTs with a writer thread while this thread reads the answer, so neither side's buffers stall. */
  private static byte[] fullDuplexPost(String path, byte[] body) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.server.port())) {
      OutputStream out = socket.getOutputStream();
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      WireInput in = new WireInput(socket.getInputStream());
      ResponseHead head = HttpWire.readResponseHead(in, HttpWire.DEFAULT_HEAD_LIMIT);
      assertThat(head.status()).isEqualTo(200);
      byte[] answer = BodyInputStream.of(in, head.headers(), true).readAllBytes();
      writer.join();
      return answer;
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
