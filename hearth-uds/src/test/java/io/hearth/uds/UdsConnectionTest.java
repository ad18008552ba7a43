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

/** One connection's exchanges: framing of requests, keep-alive and reuse, usability checks, opening. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdsConnectionTest extends UdsFixture {
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
