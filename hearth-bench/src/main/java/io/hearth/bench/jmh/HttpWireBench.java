package io.hearth.bench.jmh;

import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.ResponseHead;
import io.hearth.uds.WireInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * HTTP/1.1 head codec on the call path: the agent writes a request head to the container and
 * parses its response head; the FDK parses the request head. Heads are read from a kept-alive
 * {@link WireInput} fed the same head over and over, as on a real connection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpWireBench {
  static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nFn-Fdk-Version: hearth-fdk/0.1.0\r\n"
      + "Fn-Fdk-Runtime: java/25\r\nTransfer-Encoding: chunked\r\n\r\n";
  static final String REQUEST = "POST /call HTTP/1.1\r\nContent-Type: text/plain\r\nFn-Call-Id: "
      + "01KAQ8Y5Z4XJ0V2M3N4P5Q6R7S\r\nFn-Deadline: 2026-01-01T00:00:30.000Z\r\nHost: localhost\r\n"
      + "Content-Length: 37\r\n\r\n";

  WireInput responses;
  WireInput requests;
  RequestHead head;
  ByteArrayOutputStream out = new ByteArrayOutputStream(512);

  @Setup
  public void setup() {
    responses = new WireInput(new Replay(RESPONSE.getBytes(StandardCharsets.ISO_8859_1)));
    requests = new WireInput(new Replay(REQUEST.getBytes(StandardCharsets.ISO_8859_1)));
    head = new RequestHead("POST", "/call", new HttpHeaders().add("Content-Type", "text/plain")
        .add("Fn-Call-Id", "01KAQ8Y5Z4XJ0V2M3N4P5Q6R7S").add("Fn-Deadline", "2026-01-01T00:00:30.000Z")
        .add("Host", "localhost").add("Content-Length", "37"));
  }

  @Benchmark
  public ResponseHead readResponseHead() throws IOException {
    return HttpWire.readResponseHead(responses, HttpWire.DEFAULT_HEAD_LIMIT);
  }

  @Benchmark
  public RequestHead readRequestHead() throws IOException {
    return HttpWire.readRequestHead(requests, HttpWire.DEFAULT_HEAD_LIMIT);
  }

  @Benchmark
  public int writeRequestHead() throws IOException {
    out.reset();
    HttpWire.writeRequestHead(out, head);
    return out.size();
  }

  /** An endless stream repeating the same bytes. */
  static final class Replay extends InputStream {
    private final byte[] bytes;
    private int at;

    Replay(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      int b = bytes[at] & 0xFF;
      at = (at + 1) % bytes.length;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int n = Math.min(len, bytes.length - at);
      System.arraycopy(bytes, at, b, off, n);
      at = (at + n) % bytes.length;
      return n;
    }
  }
}
