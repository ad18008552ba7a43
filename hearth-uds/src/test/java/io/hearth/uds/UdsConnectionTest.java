package io.hearth.uds;

import static io.hearth.uds.TestStreams.latin1;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdsConnectionTest {
  private static final int LIMIT = HttpWire.DEFAULT_HEAD_LIMIT;
  private static final int TEN_MB = 10 * 1024 * 1024;

  @TempDir
  Path dir;

  private ScriptedServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private Path sock() {
    return dir.resolve("s.sock");
  }

  private static RequestHead request(String method, String target) {
    return new RequestHead(method, target, new HttpHeaders());
  }

  private static String text(UdsResponse r) throws IOException {
    return latin1(r.readAll());
  }

  @Test
  void keepsOneConnectionAliveForThreeExchanges() throws Exception {
    server = ScriptedServer.echo(sock());
    try (UdsConnection c = UdsConnection.open(sock())) {
      for (int i = 0; i < 3; i++) {
        UdsResponse r = c.send(request("POST", "/call/" + i), new ByteArrayInputStream(latin1("body " + i)), 6, LIMIT);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().first("X-Target")).isEqualTo("/call/" + i);
        assertThat(text(r)).isEqualTo("body " + i);
        assertThat(r.finish()).isTrue();
        assertThat(c.isUsable()).isTrue();
      }
      assertThat(c.path()).isEqualTo(sock());
    }
    assertThat(server.accepts()).isEqualTo(1);
    assertThat(server.failures()).isEmpty();
  }

  @Test
  void inlineBodiesOfAnySizeUpToTheLimitGoOutIntactOneAfterAnother() throws Exception {
    // Inline bodies are copied through one buffer the connection keeps: a body larger than it, then
    // smaller ones, must each arrive as sent, with nothing left over from the one before.
    server = ScriptedServer.echo(sock());
    Random random = new Random(15);
    try (UdsConnection c = UdsConnection.open(sock())) {
      for (int size : new int[] {40_000, 5, 16 * 1024, 16 * 1024 + 1, (int) UdsConnection.INLINE_BODY_LIMIT, 0, 3}) {
        byte[] body = new byte[size];
        random.nextBytes(body);
        UdsResponse r = c.send(request("POST", "/call"), new ByteArrayInputStream(body), size, LIMIT);
        assertThat(r.readAll()).as("a body of %d bytes", size).isEqualTo(body);
        assertThat(r.finish()).isTrue();
      }
    }
    assertThat(server.accepts()).isEqualTo(1);
    assertThat(server.failures()).isEmpty();
  }

  /** Captures each request's head and body, answers 200 with "ok". */
  private CompletableFuture<RequestHead> captureOne(AtomicReference<byte[]> body) throws IOException {
    CompletableFuture<RequestHead> seen = new CompletableFuture<>();
    server = ScriptedServer.start(sock(), p -> {
      RequestHead h = p.readHead();
      body.set(p.readBody(h));
      seen.complete(h);
      p.respond(200, "ok");
      p.readHead();
    });
    return seen;
  }

  @Test
  void sendsAContentLengthBodyWhenTheLengthIsKnown() throws Exception {
    AtomicReference<byte[]> body = new AtomicReference<>();
    CompletableFuture<RequestHead> seen = captureOne(body);
    RequestHead head = new RequestHead("PUT", "/x", new HttpHeaders()
        .add("Transfer-Encoding", "chunked").add("content-length", "999").add("X-Mine", "kept"));
    try (UdsConnection c = UdsConnection.open(sock()); UdsResponse r = c.send(head, new ByteArrayInputStream(latin1("12345")), 5, LIMIT)) {
      assertThat(text(r)).isEqualTo("ok");
    }
    HttpHeaders h = seen.get(5, TimeUnit.SECONDS).headers();
    assertThat(h.all("Content-Length")).containsExactly("5");
    assertThat(h.contains("Transfer-Encoding")).isFalse();
    assertThat(h.first("Host")).isEqualTo("localhost");
    assertThat(h.first("X-Mine")).isEqualTo("kept");
    assertThat(latin1(body.get())).isEqualTo("12345");
  }

  @Test
  void sendsAChunkedBodyWhenTheLengthIsUnknown() throws Exception {
    AtomicReference<byte[]> body = new AtomicReference<>();
    CompletableFuture<RequestHead> seen = captureOne(body);
    RequestHead head = new RequestHead("POST", "/x", new HttpHeaders().add("Content-Length", "3").add("Host", "docker"));
    try (UdsConnection c = UdsConnection.open(sock()); UdsResponse r = c.send(head, new ByteArrayInputStream(latin1("streamed")), -1, LIMIT)) {
      assertThat(text(r)).isEqualTo("ok");
    }
    HttpHeaders h = seen.get(5, TimeUnit.SECONDS).headers();
    assertThat(h.all("Transfer-Encoding")).containsExactly("chunked");
    assertThat(h.contains("Content-Length")).isFalse();
    assertThat(h.all("Host")).containsExactly("docker");
    assertThat(latin1(body.get())).isEqualTo("streamed");
  }

  @Test
  void sendsNoBodyFieldsForABodilessGetAndZeroForAPost() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      RequestHead get = p.readHead();
      p.respond(200, get.headers().contains("Content-Length") + "," + get.headers().contains("Transfer-Encoding"));
      RequestHead post = p.readHead();
      p.respond(200, post.headers().first("Content-Length"));
      p.readHead();
    });
    try (UdsConnection c = UdsConnection.open(sock())) {
      try (UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT)) {
        assertThat(text(r)).isEqualTo("false,false");
      }
      try (UdsResponse r = c.send(request("POST", "/"), null, 0, LIMIT)) {
        assertThat(text(r)).isEqualTo("0");
      }
    }
  }

  /** A body of {@code size} pattern bytes produced as it is read, never held in memory whole. */
  private static InputStream generated(int size, long seed) {
    byte[] all = pattern(size, seed);
    return new InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < all.length ? all[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos == all.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, 5000), all.length - pos); // odd sizes on purpose
        System.arraycopy(all, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

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

  @Test
  void connectionCloseFromTheServerMakesTheConnectionNotReusable() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive, Close\r\n\r\nok");
      p.readHead();
    });
    UdsConnection c = UdsConnection.open(sock());
    UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT);
    assertThat(text(r)).isEqualTo("ok");
    assertThat(r.finish()).isFalse();
    assertThat(c.isOpen()).isFalse();
    assertThat(c.isUsable()).isFalse();
    assertThatThrownBy(() -> c.send(request("GET", "/"), null, 0, LIMIT)).isInstanceOf(IOException.class);
  }

  @Test
  void connectionCloseOnTheRequestMakesTheConnectionNotReusable() throws Exception {
    server = ScriptedServer.echo(sock());
    UdsConnection c = UdsConnection.open(sock());
    RequestHead head = new RequestHead("GET", "/", new HttpHeaders().add("Connection", "close"));
    UdsResponse r = c.send(head, null, 0, LIMIT);
    r.readAll();
    assertThat(r.finish()).isFalse();
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void http10ResponsesCloseUnlessTheyAskToKeepAlive() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      RequestHead h;
      while ((h = p.readHead()) != null) {
        p.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n" + h.headers().first("X-Extra") + "\r\n\r\nok");
      }
    });
    UdsConnection c = UdsConnection.open(sock());
    UdsResponse keep = c.send(new RequestHead("GET", "/", new HttpHeaders().add("X-Extra", "Connection: keep-alive")), null, 0, LIMIT);
    keep.readAll();
    assertThat(keep.finish()).isTrue();
    UdsResponse close = c.send(new RequestHead("GET", "/", new HttpHeaders().add("X-Extra", "X-No: 1")), null, 0, LIMIT);
    close.readAll();
    assertThat(close.finish()).isFalse();
  }

  @Test
  void anUnfinishedResponseBodyClosesTheConnectionOnFinish() throws Exception {
    CompletableFuture<RequestHead> afterwards = new CompletableFuture<>();
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(100));
      afterwards.complete(p.readHead());
    });
    UdsConnection c = UdsConnection.open(sock());
    UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT);
    assertThat(r.body().read()).isEqualTo('x');
    assertThat(r.finish()).isFalse();
    assertThat(r.finish()).as("idempotent").isFalse();
    assertThat(c.isOpen()).isFalse();
    assertThat(c.socketOpen()).isFalse();
    assertThat(afterwards.get(5, TimeUnit.SECONDS)).as("the server sees the client close").isNull();
  }

  @Test
  void bodylessResponsesLeaveTheConnectionReusable() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 204 No Content\r\n\r\n");
      p.readHead();
      p.write("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n");
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n");
      p.readHead();
      p.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone");
      p.readHead();
    });
    try (UdsConnection c = UdsConnection.open(sock())) {
      for (String method : new String[] {"DELETE", "GET", "HEAD"}) {
        UdsResponse r = c.send(request(method, "/"), null, 0, LIMIT);
        assertThat(r.body().isComplete()).as(method).isTrue();
        assertThat(r.readAll()).isEmpty();
        assertThat(r.finish()).isTrue();
      }
      UdsResponse r = c.send(request("POST", "/"), new ByteArrayInputStream(new byte[0]), 0, LIMIT);
      assertThat(r.status()).isEqualTo(200);
      assertThat(text(r)).isEqualTo("done");
      assertThat(r.finish()).isTrue();
    }
  }

  @Test
  void aChunkedResponseWithTrailersLeavesTheConnectionReusable() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n");
      p.echoAll();
    });
    try (UdsConnection c = UdsConnection.open(sock())) {
      UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT);
      assertThat(text(r)).isEqualTo("abc");
      assertThat(r.finish()).isTrue();
      UdsResponse again = c.send(request("GET", "/again"), null, 0, LIMIT);
      assertThat(again.headers().first("X-Target")).isEqualTo("/again");
      again.readAll();
      assertThat(again.finish()).isTrue();
    }
  }

  @Test
  void aResponseWithoutALengthRunsUntilCloseAndIsNotReusable() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\n\r\nuntil the end");
      p.close();
    });
    UdsConnection c = UdsConnection.open(sock());
    UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT);
    assertThat(text(r)).isEqualTo("until the end");
    assertThat(r.body().isComplete()).isTrue();
    assertThat(r.finish()).isFalse();
  }

  @Test
  void anIdleConnectionHoldsNoBufferBetweenExchanges() throws Exception {
    server = ScriptedServer.echo(sock());
    try (UdsConnection c = UdsConnection.open(sock())) {
      assertThat(c.holdsBuffers()).isFalse();
      for (int i = 0; i < 3; i++) {
        byte[] body = pattern(1000 + 20_000 * i, i); // inline bodies below and above one buffer
        UdsResponse r = c.send(request("POST", "/call/" + i), new ByteArrayInputStream(body), body.length, LIMIT);
        assertThat(r.readAll()).isEqualTo(body);
        assertThat(r.finish()).isTrue();
        assertThat(c.holdsBuffers()).as("after exchange %d", i).isFalse();
        assertThat(c.isUsable()).isTrue();
      }
    }
  }

  @Test
  void anUpgradedStreamWaitsForItsNextBytesWithoutABuffer() throws Exception {
    CountDownLatch more = new CountDownLatch(1);
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nfirst");
      more.await();
      p.write(" second");
      p.close();
    });
    UdsConnection c = UdsConnection.open(sock());
    RequestHead head = new RequestHead("POST", "/containers/x/attach?stream=1",
        new HttpHeaders().add("Connection", "Upgrade").add("Upgrade", "tcp"));
    UdsResponse r = c.send(head, null, 0, LIMIT);
    assertThat(r.status()).isEqualTo(101);
    byte[] first = new byte[5];
    assertThat(r.body().readNBytes(first, 0, 5)).isEqualTo(5); // what came with the head, from its buffer
    assertThat(latin1(first)).isEqualTo("first");
    assertThat(c.holdsBuffers()).isFalse(); // drained: given back, so the wait for the rest holds none
    more.countDown();
    assertThat(text(r)).isEqualTo(" second"); // read straight into the caller's array
    assertThat(c.holdsBuffers()).isFalse();
    assertThat(r.finish()).isFalse();
  }

  @Test
  void switchingProtocolsHandsOverTheRawStreamAndIsNeverReused() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nraw stream bytes");
      p.close();
    });
    UdsConnection c = UdsConnection.open(sock());
    RequestHead head = new RequestHead("POST", "/containers/x/attach?stream=1",
        new HttpHeaders().add("Connection", "Upgrade").add("Upgrade", "tcp"));
    UdsResponse r = c.send(head, null, 0, LIMIT);
    assertThat(r.status()).isEqualTo(101);
    assertThat(text(r)).isEqualTo("raw stream bytes");
    assertThat(r.finish()).isFalse();
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void isUsableWhileTheServerIsAliveAndNotAfterItClosedWhileIdle() throws Exception {
    CountDownLatch closeNow = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.respond(200, "first");
      p.readHead();
      p.respond(200, "second");
      closeNow.await();
      p.close(); // the container was killed while idle
      closed.countDown();
    });
    UdsConnection c = UdsConnection.open(sock());
    try (UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT)) {
      assertThat(c.isUsable()).as("busy while in an exchange").isFalse();
      assertThat(text(r)).isEqualTo("first");
    }
    assertThat(c.isUsable()).isTrue();
    assertThat(c.isUsable()).as("checking twice changes nothing").isTrue();
    try (UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT)) {
      assertThat(text(r)).as("the probe consumed nothing").isEqualTo("second");
    }
    assertThat(c.isUsable()).isTrue();
    closeNow.countDown();
    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(c.isUsable()).isFalse();
    assertThat(c.isOpen()).isFalse();
    assertThatThrownBy(() -> c.send(request("GET", "/"), null, 0, LIMIT)).isInstanceOf(IOException.class);
  }

  @Test
  void isUsableIsFalseWhenTheServerSentBytesNobodyAskedFor() throws Exception {
    CountDownLatch sent = new CountDownLatch(1);
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.respond(200, "ok");
      p.write("HTTP/1.1 408 Request Timeout\r\n\r\n");
      sent.countDown();
      p.readHead();
    });
    UdsConnection c = UdsConnection.open(sock());
    try (UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT)) {
      r.readAll();
    }
    assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(c.isUsable()).isFalse();
  }

  private static void awaitBlocked(Thread t, String inMethod) throws InterruptedException {
    Predicate<Thread> blocked = th -> {
      StackTraceElement[] stack = th.getStackTrace();
      boolean there = Arrays.stream(stack).anyMatch(e -> e.getMethodName().startsWith(inMethod));
      boolean waiting = th.isVirtual()
          ? th.getState() == Thread.State.WAITING
          : stack.length > 0 && stack[0].isNativeMethod();
      return there && waiting;
    };
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!blocked.test(t)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("thread never blocked in " + inMethod);
      }
      Thread.sleep(5);
    }
  }

  private void abortUnblocksAReader(Thread.Builder threads) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      release.await(); // never answers while the test runs
    });
    UdsConnection c = UdsConnection.open(sock());
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t = threads.start(() -> {
      try {
        c.send(request("GET", "/slow"), null, 0, LIMIT);
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    awaitBlocked(t, "readResponse");
    c.abort();
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    assertThat(c.isOpen()).isFalse();
    assertThat(c.isUsable()).isFalse();
    release.countDown();
  }

  @Test
  void abortFromAnotherThreadUnblocksAVirtualThreadWaitingForAResponse() throws Exception {
    abortUnblocksAReader(Thread.ofVirtual());
  }

  @Test
  void abortFromAnotherThreadUnblocksAPlatformThreadWaitingForAResponse() throws Exception {
    abortUnblocksAReader(Thread.ofPlatform().daemon());
  }

  @Test
  void abortFromAnotherThreadUnblocksAReaderInTheBody() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome");
      release.await();
    });
    UdsConnection c = UdsConnection.open(sock());
    UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        r.readAll();
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    awaitBlocked(t, "readAllBytes");
    c.abort();
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    assertThat(r.finish()).isFalse();
    release.countDown();
  }

  @Test
  void aServerThatAnswersEarlyAndClosesStillGetsItsResponseRead() throws Exception {
    for (int round = 0; round < 10; round++) {
      boolean saysClose = round % 2 == 0;
      server = ScriptedServer.start(dir.resolve("early" + round + ".sock"), p -> {
        p.readHead(); // and none of the body
        p.write("HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\n"
            + (saysClose ? "Connection: close\r\n" : "") + "\r\ntoo big!");
        p.close();
      });
      UdsConnection c = UdsConnection.open(server.path());
      UdsResponse r = c.send(request("POST", "/upload"), generated(TEN_MB, 15), TEN_MB, LIMIT);
      assertThat(r.status()).isEqualTo(413);
      // The body is pumped while the response is read, so the write may fail after send() returns;
      // either way a connection whose body did not all go out is never reused.
      assertThat(text(r)).isEqualTo("too big!");
      assertThat(r.finish()).as("a failed write never leaves the connection reusable").isFalse();
      assertThat(c.socketOpen()).as("finish() closes the socket").isFalse();
      server.close();
    }
    server = null;
  }

  @Test
  void aServerThatAnswersEarlyWithoutClosingIsStillReadAndNotReused() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly");
      p.discard(Long.MAX_VALUE); // reads the body only after answering, then waits for the close
    });
    UdsConnection c = UdsConnection.open(sock());
    UdsResponse r = c.send(request("POST", "/upload"), generated(TEN_MB, 16), TEN_MB, LIMIT);
    assertThat(text(r)).isEqualTo("early");
    assertThat(r.finish()).as("the server read the whole body, so the connection is fine").isTrue();
  }

  @Test
  void aServerThatClosesWithoutAnsweringIsACleanIoException() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.close();
    });
    UdsConnection c = UdsConnection.open(sock());
    assertThatThrownBy(() -> c.send(request("POST", "/upload"), generated(TEN_MB, 17), TEN_MB, LIMIT))
        .isInstanceOf(IOException.class);
    assertThat(c.isOpen()).isFalse();
    UdsConnection d = UdsConnection.open(sock());
    assertThatThrownBy(() -> d.send(request("GET", "/"), null, 0, LIMIT)).isInstanceOf(EOFException.class);
    assertThat(d.isOpen()).isFalse();
  }

  @Test
  void aFailingBodySourceFailsTheSendAtOnce() throws Exception {
    CompletableFuture<Throwable> serverSaw = new CompletableFuture<>();
    server = ScriptedServer.start(sock(), p -> {
      try {
        p.readBody(p.readHead());
        serverSaw.complete(null);
      } catch (Throwable e) {
        serverSaw.complete(e);
      }
    });
    InputStream failing = new InputStream() {
      int served;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (served > 1_000_000) {
          throw new IOException("disk gone");
        }
        served += len;
        return len;
      }
    };
    UdsConnection c = UdsConnection.open(sock());
    assertThatThrownBy(() -> c.send(request("POST", "/"), failing, 5_000_000, LIMIT)).hasMessage("disk gone");
    assertThat(c.isOpen()).isFalse();
    assertThat(serverSaw.get(5, TimeUnit.SECONDS)).as("the server sees a truncated body").isInstanceOf(EOFException.class);
  }

  @Test
  void aBodyShorterThanItsLengthFailsTheSendAtOnce() throws Exception {
    server = ScriptedServer.start(sock(), p -> p.readBody(p.readHead()));
    UdsConnection c = UdsConnection.open(sock());
    assertThatThrownBy(() -> c.send(request("POST", "/"), new ByteArrayInputStream(new byte[10]), 20, LIMIT))
        .isInstanceOf(IOException.class).hasMessageContaining("short");
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void aBodyLongerThanItsLengthFailsTheSend() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readBody(p.readHead());
      p.respond(200, "ok");
      p.readHead();
    });
    UdsConnection c = UdsConnection.open(sock());
    assertThatThrownBy(() -> c.send(request("POST", "/"), new ByteArrayInputStream(new byte[30]), 20, LIMIT))
        .isInstanceOf(IOException.class).hasMessageContaining("longer");
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void aServerThatWritesGarbageIsAProtocolError() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("SSH-2.0-OpenSSH_9.6\r\n\r\n");
      p.readHead();
    });
    UdsConnection c = UdsConnection.open(sock());
    assertThatThrownBy(() -> c.send(request("GET", "/"), null, 0, LIMIT)).isInstanceOf(HttpProtocolException.class);
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void aResponseHeadOverTheLimitIsAProtocolError() throws Exception {
    server = ScriptedServer.start(sock(), p -> {
      p.readHead();
      p.write("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(5000) + "\r\n\r\n");
      p.readHead();
    });
    UdsConnection c = UdsConnection.open(sock());
    assertThatThrownBy(() -> c.send(request("GET", "/"), null, 0, 4096))
        .isInstanceOf(HttpProtocolException.HeadTooLarge.class);
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void connectsThroughARelativeSymlinkToTheSocket() throws Exception {
    server = ScriptedServer.echo(dir.resolve("real.sock"));
    Path link = Files.createSymbolicLink(dir.resolve("link.sock"), Path.of("real.sock"));
    try (UdsConnection c = UdsConnection.open(link)) {
      UdsResponse r = c.send(request("GET", "/via-link"), null, 0, LIMIT);
      assertThat(r.headers().first("X-Target")).isEqualTo("/via-link");
      r.readAll();
      assertThat(r.finish()).isTrue();
    }
  }

  @Test
  void openingAMissingSocketFails() {
    assertThatThrownBy(() -> UdsConnection.open(dir.resolve("nobody.sock"))).isInstanceOf(IOException.class);
  }

  @Test
  void aHeadThatCannotBeWrittenLeavesTheConnectionUsable() throws Exception {
    server = ScriptedServer.echo(sock());
    try (UdsConnection c = UdsConnection.open(sock())) {
      RequestHead bad = new RequestHead("GET", "/", new HttpHeaders().add("X-Bad", "a\r\nInjected: 1"));
      assertThatThrownBy(() -> c.send(bad, null, 0, LIMIT)).isInstanceOf(IllegalArgumentException.class);
      assertThat(c.isUsable()).isTrue();
      UdsResponse r = c.send(request("GET", "/fine"), null, 0, LIMIT);
      assertThat(r.headers().first("X-Target")).isEqualTo("/fine");
      r.readAll();
      assertThat(r.finish()).isTrue();
    }
  }

  @Test
  void oneExchangeAtATime() throws Exception {
    server = ScriptedServer.echo(sock());
    try (UdsConnection c = UdsConnection.open(sock())) {
      UdsResponse r = c.send(request("GET", "/"), null, 0, LIMIT);
      assertThatThrownBy(() -> c.send(request("GET", "/"), null, 0, LIMIT)).isInstanceOf(IllegalStateException.class);
      r.readAll();
      r.finish();
    }
  }

  @Test
  void closeIsIdempotentAndFailsLaterSends() throws Exception {
    server = ScriptedServer.echo(sock());
    UdsConnection c = UdsConnection.open(sock());
    c.close();
    c.close();
    assertThat(c.isOpen()).isFalse();
    assertThatThrownBy(() -> c.send(request("GET", "/"), null, 0, LIMIT)).isInstanceOf(IOException.class);
  }
}
