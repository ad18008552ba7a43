package io.hearth.uds;

import static io.hearth.uds.TestStreams.latin1;
import static io.hearth.uds.TestStreams.generated;
import static io.hearth.uds.TestStreams.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Large bodies each way, streamed: 10 MB requests (known length and chunked) and responses. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdsStreamingTest extends UdsFixture {
  /** Answers each request with the body's length and whether it matched the pattern. */
  private void checkingServer(long seed) throws IOException {
    server = ScriptedServer.start(sock(), p -> {
      RequestHead h;
      while ((h = p.readHead()) != null) {
        byte[] got = p.readBody(h);
        boolean same = Arrays.equals(got, pattern(got.length, seed));
        p.respond(200, got.length + " " + same + " " + h.headers().isChunked());
      }
    });
  }

  @Test
  void streamsA10MegabyteRequestBodyWithAKnownLength() throws Exception {
    checkingServer(11);
    try (UdsConnection c = UdsConnection.open(sock())) {
      try (UdsResponse r = c.send(request("POST", "/big"), generated(TEN_MB, 11), TEN_MB, LIMIT)) {
        assertThat(text(r)).isEqualTo(TEN_MB + " true false");
      }
      byte[] array = pattern(TEN_MB, 11);
      try (UdsResponse r = c.send(request("POST", "/big"), new ByteArrayInputStream(array), TEN_MB, LIMIT)) {
        assertThat(text(r)).isEqualTo(TEN_MB + " true false");
      }
    }
    assertThat(server.accepts()).isEqualTo(1);
  }

  @Test
  void streamsA10MegabyteChunkedRequestBody() throws Exception {
    checkingServer(12);
    try (UdsConnection c = UdsConnection.open(sock())) {
      try (UdsResponse r = c.send(request("POST", "/big"), generated(TEN_MB, 12), -1, LIMIT)) {
        assertThat(text(r)).isEqualTo(TEN_MB + " true true");
      }
      try (UdsResponse r = c.send(request("POST", "/big"), new ByteArrayInputStream(pattern(TEN_MB, 12)), -1, LIMIT)) {
        assertThat(text(r)).isEqualTo(TEN_MB + " true true");
      }
    }
  }

  /**
   * Sends the head and the first megabyte, then waits for the client to have read some of it before
   * sending the rest: a client that buffered the whole body before returning would never see it.
   */
  private CountDownLatch streamingServer(byte[] data, boolean chunked) throws IOException {
    CountDownLatch clientReadSome = new CountDownLatch(1);
    server = ScriptedServer.start(sock(), p -> {
      p.readBody(p.readHead());
      p.write("HTTP/1.1 200 OK\r\n" + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + data.length) + "\r\n\r\n");
      java.io.OutputStream out = chunked ? new ChunkedOutputStream(p.out) : p.out;
      int first = 1024 * 1024;
      out.write(data, 0, first);
      out.flush();
      if (!clientReadSome.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("client did not read before the whole body was sent");
      }
      for (int off = first; off < data.length; off += 100_000) {
        out.write(data, off, Math.min(100_000, data.length - off));
      }
      out.close();
      p.readHead();
    });
    return clientReadSome;
  }

  private static byte[] readIncrementally(UdsResponse r, CountDownLatch readSome, int expected) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream(expected);
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = r.body().read(buf, 0, buf.length)) >= 0) {
      got.write(buf, 0, n);
      readSome.countDown();
    }
    return got.toByteArray();
  }

  @Test
  void streamsA10MegabyteResponseBody() throws Exception {
    byte[] data = pattern(TEN_MB, 13);
    CountDownLatch readSome = streamingServer(data, false);
    try (UdsConnection c = UdsConnection.open(sock())) {
      UdsResponse r = c.send(request("GET", "/big"), null, 0, LIMIT);
      assertThat(r.headers().contentLength()).isEqualTo(TEN_MB);
      assertThat(readIncrementally(r, readSome, TEN_MB)).isEqualTo(data);
      assertThat(r.body().isComplete()).isTrue();
      assertThat(r.finish()).isTrue();
    }
  }

  @Test
  void streamsA10MegabyteChunkedResponseBody() throws Exception {
    byte[] data = pattern(TEN_MB, 14);
    CountDownLatch readSome = streamingServer(data, true);
    try (UdsConnection c = UdsConnection.open(sock())) {
      UdsResponse r = c.send(request("GET", "/big"), null, 0, LIMIT);
      assertThat(readIncrementally(r, readSome, TEN_MB)).isEqualTo(data);
      assertThat(r.finish()).isTrue();
      assertThat(c.isUsable()).isTrue();
    }
  }
}
