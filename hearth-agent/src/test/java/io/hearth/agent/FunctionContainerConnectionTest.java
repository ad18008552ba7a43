package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.slot.SlotKey;
import io.hearth.uds.HttpHeaders;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's calls get the kept-alive connection while the function keeps it open, and a new
 * one when the function closed it — as Fn's Java FDK does after every answer, which it ends by
 * closing (no Content-Length). A function server on a real unix socket, one thread, one connection
 * at a time like the Java FDK's.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FunctionContainerConnectionTest {
  @TempDir Path dir;
  private ServerSocketChannel server;
  private Thread serving;
  private FunctionContainer container;
  /** Bytes of 'x' the server adds to every answer. */
  private volatile int padding;

  @AfterEach
  void stop() throws Exception {
    if (container != null) {
      container.abortConnection(); // the server's thread may be reading the kept-alive one
    }
    if (server != null) {
      server.close();
    }
    if (serving != null) {
      serving.join(5_000);
    }
  }

  @Test
  void aFunctionThatClosesAfterEveryAnswerGetsANewConnectionPerCall() throws Exception {
    AtomicInteger accepted = serve(true);
    FunctionContainer c = ready();
    for (int i = 0; i < 5; i++) {
      assertThat(call(c, "call " + i)).isEqualTo("answer to call " + i);
    }
    assertThat(accepted.get()).isEqualTo(5); // the one opened at readiness, then one per later call
    assertThat(c.usable()).isTrue(); // a closed connection does not make the container unusable
  }

  @Test
  void aFunctionThatKeepsItsConnectionAliveServesEveryCallOnOne() throws Exception {
    AtomicInteger accepted = serve(false);
    FunctionContainer c = ready();
    for (int i = 0; i < 5; i++) {
      assertThat(call(c, "call " + i)).isEqualTo("answer to call " + i);
    }
    assertThat(accepted.get()).isEqualTo(1);
  }

  @Test
  void aSmallAnswerEndedByClosingIsReadWholeAndGoesOutWithItsLength() throws Exception {
    serve(true);
    FunctionContainer c = ready();
    RecordingSink sink = new RecordingSink();
    for (int i = 0; i < 3; i++) { // the first on the connection opened at readiness, then on new ones
      CallExchange.Outcome o = exchange(c, request("call " + i), sink);
      assertThat(o.failure()).isNull();
      assertThat(o.whole()).as("an answer the agent hands over whole, with its Content-Length").isNotNull();
      assertThat(new String(o.whole().body(), StandardCharsets.UTF_8)).isEqualTo("answer to call " + i);
      assertThat(o.keepContainer()).isTrue();
    }
    assertThat(sink.commits).isZero();
  }

  @Test
  void aLargeAnswerEndedByClosingIsStreamedWhole() throws Exception {
    padding = CallExchange.WHOLE_ANSWER_LIMIT + 1000;
    serve(true);
    FunctionContainer c = ready();
    RecordingSink sink = new RecordingSink();
    CallExchange.Outcome o = exchange(c, request("big"), sink);
    assertThat(o.failure()).isNull();
    assertThat(o.whole()).isNull();
    assertThat(sink.commits).isEqualTo(1);
    assertThat(sink.length).isEqualTo(-1); // no length known when it was sent: chunked to the client
    assertThat(sink.body.toString(StandardCharsets.UTF_8)).isEqualTo("answer to big" + "x".repeat(padding));
  }

  private CallExchange.Outcome exchange(FunctionContainer c, CallRequest r, RecordingSink sink) {
    return exchange().run(c, r, r.body(), sink, java.time.Instant.now().plusSeconds(30));
  }

  private CallExchange exchange() {
    AgentConfig config = AgentConfig.defaults("n1", dir);
    return new CallExchange(config, (delay, task) -> () -> { }, Clock.systemUTC(),
        fc -> CallExchange.Outcome.failed(CallError.FUNCTION_FAILED, "diagnosed"));
  }

  private static CallRequest request(String body) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    App app = new App("app1", "app", Map.of(), Map.of(), "", "GENERIC_X86",
        t, t);
    Fn fn = new Fn("fn1", "f", "app1", "img", 128,
        Fn.DEFAULT_TIMEOUT_SECS, Fn.DEFAULT_IDLE_TIMEOUT_SECS, Map.of(),
        Map.of(), "", t, t);
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return new CallRequest("call-id", app, fn, new Headers(),
        new ByteArrayInputStream(b), b.length);
  }

  /** Records what the exchange commits to the client. */
  private static final class RecordingSink implements ResponseSink {
    int commits;
    long length;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public OutputStream commit(int status, Headers headers, long contentLength) {
      commits++;
      length = contentLength;
      return body;
    }
  }

  /** A container as the launcher leaves it once its socket is ready. */
  private FunctionContainer ready() throws IOException {
    FunctionContainer c = new FunctionContainer(1, "test", new SlotKey("f", "img", 128, 0, 30, 30, Map.of(), 0), dir);
    Path socket = dir.resolve("lsnr.sock");
    c.connection = UdsConnection.open(socket);
    c.socket = socket;
    container = c;
    return c;
  }

  private static String call(FunctionContainer c, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    HttpHeaders h = new HttpHeaders();
    h.add("Fn-Call-Id", "id");
    try (UdsResponse r = c.connectionForCall().send(new RequestHead("POST", "/call", h), new ByteArrayInputStream(b),
        b.length, 64 * 1024)) {
      assertThat(r.status()).isEqualTo(200);
      return new String(r.readAll(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Serves {@code POST /call} on {@code lsnr.sock}, one connection at a time, answering "answer to
   * <body>"; with {@code closeAfterAnswer} without a length, ended by closing, as Fn's Java FDK does.
   */
  private AtomicInteger serve(boolean closeAfterAnswer) throws IOException {
    Path socket = dir.resolve("lsnr.sock");
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    AtomicInteger accepted = new AtomicInteger();
    serving = Thread.ofVirtual().start(() -> {
      while (server.isOpen()) {
        try (SocketChannel ch = server.accept()) {
          accepted.incrementAndGet();
          InputStream in = Channels.newInputStream(ch);
          OutputStream out = Channels.newOutputStream(ch);
          String body;
          while ((body = readRequestBody(in)) != null) {
            byte[] answer = ("answer to " + body + "x".repeat(padding)).getBytes(StandardCharsets.UTF_8);
            String head = closeAfterAnswer ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + answer.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(answer);
            out.flush();
            if (closeAfterAnswer) {
              break;
            }
          }
        } catch (IOException e) {
          // the test closed the server, or the client its connection
        }
      }
    });
    return accepted;
  }

  /** One request's body (by its Content-Length), or null when the client closed the connection. */
  private static String readRequestBody(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
