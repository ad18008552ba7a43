package io.hearth.bench.jmh;

import io.hearth.core.call.Headers;
import io.hearth.uds.HttpHeaders;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Header mapping on the call path: a client's request headers to the container's (end-to-end
 * fields plus Fn-Call-Id and Fn-Deadline, as CallExchange does), and a container's response
 * headers to the client's; each converts between the wire type and the domain's {@link Headers}
 * in one copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeadersBench {
  Headers request;
  HttpHeaders response;

  @Setup
  public void setup() {
    request = new Headers().add("Host", "127.0.0.1:8080").add("User-Agent", "curl/8.5.0").add("Accept", "*/*")
        .add("Content-Type", "application/json").add("Content-Length", "27").add("Connection", "keep-alive")
        .add("Accept-Encoding", "gzip, deflate").add("X-Request-Id", "5f1c0e3a-5b7d-4f0e-9a39-3f7d2a1b9c11");
    response = new HttpHeaders().add("Content-Type", "text/plain").add("Fn-Fdk-Version", "hearth-fdk/0.1.0")
        .add("Fn-Fdk-Runtime", "java/25").add("Transfer-Encoding", "chunked");
  }

  @Benchmark
  public HttpHeaders requestToContainer() {
    HttpHeaders h = new HttpHeaders();
    Headers.copyEndToEnd(request::forEach, h::add);
    h.set("Fn-Call-Id", "01KAQ8Y5Z4XJ0V2M3N4P5Q6R7S");
    h.set("Fn-Deadline", "2026-01-01T00:00:30.000Z");
    return h;
  }

  @Benchmark
  public Headers responseToClient() {
    Headers h = new Headers();
    Headers.copyEndToEnd(response::forEach, h::add);
    h.set("Fn-Call-Id", "01KAQ8Y5Z4XJ0V2M3N4P5Q6R7S");
    return h;
  }
}
