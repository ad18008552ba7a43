package io.hearth.bench.jmh;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.hearth.core.call.Headers;
import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.protocol.FromRunner;
import io.hearth.protocol.RunnerProtocol;
import io.hearth.protocol.ToRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The runner protocol's encoding on the lb hop: every message of one warm call (try-call with a
 * function's app, config and the client's headers; a 32-byte body; committed; response start, a
 * 32-byte response; finished), and a full 32 KiB body frame, each written to bytes by the {@link
 * RunnerProtocol#CALL} method's own marshallers and read back, as gRPC's framer and deframer hand
 * them bytes (a drainable stream is drained; the parser gets a stream of known length). Only
 * that method's API is used, so the same benchmark measures whichever codec the method carries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RunnerWireBench {
  private final MethodDescriptor.Marshaller<ToRunner> toRunner = RunnerProtocol.CALL.getRequestMarshaller();
  private final MethodDescriptor.Marshaller<FromRunner> fromRunner = RunnerProtocol.CALL.getResponseMarshaller();
  private ToRunner[] lbSends;
  private FromRunner[] runnerSends;
  private ToRunner bigChunk;

  @Setup
  public void setup() {
    Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
    App app = new App("01KAQ8Y5Z4XJ0V2M3N4P5Q6R7S", "shop", Map.of("DB_URL", "postgres://db/shop", "REGION", "eu"),
        Map.of(), null, null, t, t);
    Fn fn = new Fn("01KAQ8Y5Z4XJ0V2M3N4P5Q6R7T", "cart", app.id(), "registry.local/shop/cart:1.4.2", 256, 30, 30,
        Map.of("LOG_LEVEL", "info"), Map.of("hearth.io/init_timeout_ms", "20000"), null, t, t);
    Headers headers = new Headers().add("Host", "127.0.0.1:8080").add("User-Agent", "curl/8.5.0")
        .add("Accept", "*/*").add("Content-Type", "application/json").add("Content-Length", "32");
    byte[] body = new byte[32];
    lbSends = new ToRunner[] {
        new ToRunner.TryCall(RunnerProtocol.VERSION, "01KAQ8Y5Z4XJ0V2M3N4P5Q6R7U", app, fn, 0x5eed, headers, 32, false),
        new ToRunner.BodyChunk(body), new ToRunner.BodyEnd()};
    runnerSends = new FromRunner[] {
        new FromRunner.Committed(true),
        new FromRunner.ResponseStart(200, new Headers().add("Content-Type", "application/json"), 32),
        new FromRunner.ResponseChunk(body),
        new FromRunner.Finished(200, "", "", false, 12_000, 0, 480_000)};
    bigChunk = new ToRunner.BodyChunk(new byte[RunnerProtocol.CHUNK]);
  }

  /** What gRPC hands a marshaller to parse: a stream that knows its length. */
  private static final class Received extends ByteArrayInputStream implements KnownLength {
    Received(byte[] bytes) {
      super(bytes);
    }
  }

  /** Writes as gRPC's framer does (draining a stream that can be drained), then parses. */
  private static <T> T roundTrip(MethodDescriptor.Marshaller<T> m, T message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (InputStream in = m.stream(message)) {
      if (in instanceof Drainable d) {
        d.drainTo(out);
      } else {
        in.transferTo(out);
      }
    }
    return m.parse(new Received(out.toByteArray()));
  }

  @Benchmark
  public int warmCallMessages() throws IOException {
    int n = 0;
    for (ToRunner m : lbSends) {
      n += roundTrip(toRunner, m).hashCode();
    }
    for (FromRunner m : runnerSends) {
      n += roundTrip(fromRunner, m).hashCode();
    }
    return n;
  }

  @Benchmark
  public ToRunner fullBodyFrame() throws IOException {
    return roundTrip(toRunner, bigChunk);
  }
}
