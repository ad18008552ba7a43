package io.hearth.bench.clients;

import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A warm call to a function over its unix socket, as the agent makes it: {@code POST /call} with
 * Fn's call headers and a small body on a kept-alive connection, the answer read whole. {@code
 * hearth} is the agent's own client ({@link UdsConnection}, hearth-uds); {@code jetty} is Jetty's
 * {@link HttpClient} over a unix domain socket ({@link Transport.TCPUnix}), with its blocking API,
 * the cheapest way to use it. The function is {@link io.hearth.samples.Hello} on Hearth's FDK in a
 * process of its own ({@link FunctionProcess}), so the scores and {@code -prof gc}'s allocation are
 * the client's plus the round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContainerCallBench {
  static final String CALL_ID = "01KAQ8Y5Z4XJ0V2M3N4P5Q6R7S";
  static final String DEADLINE = "2026-01-01T00:00:30.000Z";

  /** Which client makes the call. */
  @Param({"hearth", "jetty"})
  public String client;

  /** Request body size: a name (3 bytes), or 16 KiB (Hello greets its first 100 characters). */
  @Param({"3", "16384"})
  public int requestBytes;

  FunctionProcess function;
  byte[] body;
  Caller caller;

  /** One way of making the call; returns the answer's body. */
  interface Caller extends AutoCloseable {
    byte[] call(byte[] body) throws Exception;
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    function = FunctionProcess.start();
    body = new byte[requestBytes];
    Arrays.fill(body, (byte) 'a');
    caller = switch (client) {
      case "hearth" -> new HearthCaller(function);
      case "jetty" -> new JettyCaller(function);
      default -> throw new IllegalArgumentException("unknown client " + client);
    };
    byte[] answer = caller.call(body);
    if (!new String(answer, StandardCharsets.UTF_8).startsWith("Hello, a")) {
      throw new IllegalStateException("unexpected answer " + new String(answer, StandardCharsets.UTF_8));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    caller.close();
    function.close();
  }

  @Benchmark
  public byte[] call() throws Exception {
    return caller.call(body);
  }

  /** The agent's way (CallExchange): one kept connection, the answer of declared length read whole. */
  static final class HearthCaller implements Caller {
    private final UdsConnection connection;

    HearthCaller(FunctionProcess function) throws IOException {
      connection = UdsConnection.open(function.socket());
    }

    @Override
    public byte[] call(byte[] body) throws IOException {
      HttpHeaders headers = new HttpHeaders().add("Content-Type", "text/plain").set("Fn-Call-Id", CALL_ID)
          .set("Fn-Deadline", DEADLINE);
      try (UdsResponse response = connection.send(new RequestHead("POST", "/call", headers),
          new ByteArrayInputStream(body), body.length, HttpWire.DEFAULT_HEAD_LIMIT)) {
        long length = response.headers().contentLength();
        byte[] answer = length >= 0 ? response.body().readNBytes((int) length) : response.readAll();
        if (response.status() != 200 || !response.finish()) {
          throw new IOException("status " + response.status() + " or the connection was not reusable");
        }
        return answer;
      }
    }

    @Override
    public void close() {
      connection.abort();
    }
  }

  /** Jetty 12's client over the function's unix socket, one connection per destination. */
  static final class JettyCaller implements Caller {
    private final HttpClient http;
    private final Transport transport;

    JettyCaller(FunctionProcess function) throws Exception {
      ClientConnector connector = new ClientConnector();
      http = new HttpClient(new HttpClientTransportOverHTTP(connector));
      http.setMaxConnectionsPerDestination(1);
      http.setUserAgentField(null); // the agent sends no User-Agent, nor does it offer gzip
      http.getContentDecoderFactories().clear();
      http.start();
      transport = new Transport.TCPUnix(function.socket());
    }

    @Override
    public byte[] call(byte[] body) throws Exception {
      ContentResponse response = http.newRequest("http://localhost/call").transport(transport)
          .method(HttpMethod.POST).headers(h -> h.put("Fn-Call-Id", CALL_ID).put("Fn-Deadline", DEADLINE))
          .body(new BytesRequestContent("text/plain", body)).send();
      if (response.getStatus() != 200) {
        throw new IOException("status " + response.getStatus());
      }
      return response.getContent();
    }

    @Override
    public void close() throws Exception {
      http.stop();
    }
  }
}
