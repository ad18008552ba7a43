package io.hearth.fdk;

import static io.hearth.fdk.Calls.call;
import static io.hearth.fdk.Calls.send;
import static io.hearth.fdk.Calls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.uds.HttpHeaders;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdkServerTest {
  @TempDir
  Path dir;

  private FdkServer server;

  private Path start(FnHandler handler) throws IOException {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of("GREETING", "hi"), handler);
    return server.listener();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void publishesARelativeSymlinkToAWorldWritableSocketInTheSameDirectory() throws IOException {
    Path listener = start((call, response) -> { });

    assertThat(Files.isSymbolicLink(listener)).isTrue();
    Path target = Files.readSymbolicLink(listener);
    assertThat(target.isAbsolute()).isFalse();
    assertThat(target.getNameCount()).isEqualTo(1);
    assertThat(target.toString()).endsWith(".sock").isNotEqualTo("lsnr.sock");
    Path socket = dir.resolve(target);
    assertThat(socket).isEqualTo(server.socket());
    PosixFileAttributes attrs = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertThat(attrs.isOther()).as("a socket").isTrue();
    assertThat(PosixFilePermissions.toString(attrs.permissions())).isEqualTo("rw-rw-rw-");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("lsnr.sock", target.toString());
    }
  }

  @Test
  void replacesAStaleListenerAndRemovesItsOwnOnClose() throws IOException {
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), Path.of("gone.sock"));
    Path listener = start((call, response) -> response.send("fresh"));
    try (UdsConnection c = UdsConnection.open(listener)) {
      assertThat(text(send(c, call("1"), ""))).isEqualTo("fresh");
    }
    server.close();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void servesSeveralCallsOnOneKeptAliveConnection() throws IOException {
    Path listener = start((call, response) -> {
      String body = new String(call.body().readAllBytes(), StandardCharsets.UTF_8);
      response.body().write(("call " + call.callId() + ": " + body).getBytes(StandardCharsets.UTF_8));
    });
    try (UdsConnection c = UdsConnection.open(listener)) {
      for (int i = 1; i <= 5; i++) {
        UdsResponse r = send(c, call("id-" + i), "body " + i);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().isChunked()).isTrue();
        assertThat(r.headers().first("Fn-Fdk-Version")).isEqualTo("hearth-fdk/" + FdkVersion.VERSION);
        assertThat(r.headers().first("Fn-Fdk-Runtime")).isEqualTo("java/" + Runtime.version());
        assertThat(text(r)).isEqualTo("call id-" + i + ": body " + i);
        assertThat(c.isUsable()).isTrue();
      }
    }
    assertThat(FdkVersion.VERSION).isNotEqualTo("unknown");
  }

  @Test
  void givesTheHandlerTheCallIdDeadlineHeadersAndConfig() throws IOException {
    AtomicReference<FnCall> seen = new AtomicReference<>();
    Path listener = start((call, response) -> seen.set(call));
    RequestHead head = call("abc");
    head.headers().add("X-Custom", "one").add("x-custom", "two");
    try (UdsConnection c = UdsConnection.open(listener)) {
      UdsResponse r = send(c, head, "");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().first("Content-Length")).isEqualTo("0");
      assertThat(text(r)).isEmpty();
    }
    FnCall call = seen.get();
    assertThat(call.callId()).isEqualTo("abc");
    assertThat(call.deadline()).isEqualTo(Instant.parse(Calls.DEADLINE));
    assertThat(call.headers().get("X-CUSTOM")).containsExactly("one", "two");
    assertThat(call.header("fn-call-id")).contains("abc");
    assertThat(call.config()).containsEntry("GREETING", "hi");
    assertThat(call.trigger()).isEmpty();
  }

  @Test
  void rejectsCallsWithoutCallIdOrDeadlineWith400AndKeepsTheConnection() throws IOException {
    Path listener = start((call, response) -> response.send("ran"));
    try (UdsConnection c = UdsConnection.open(listener)) {
      RequestHead noId = new RequestHead("POST", "/call", new HttpHeaders().add("Fn-Deadline", Calls.DEADLINE));
      UdsResponse r = send(c, noId, "ignored body");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.headers().first("Content-Type")).isEqualTo("application/json");
      assertThat(text(r)).isEqualTo("{\"message\":\"Invalid request: the Fn-Call-Id header is missing\"}");

      RequestHead noDeadline = new RequestHead("POST", "/call", new HttpHeaders().add("Fn-Call-Id", "1"));
      r = send(c, noDeadline, "");
      assertThat(r.status()).isEqualTo(400);
      assertThat(text(r)).contains("Fn-Deadline header is missing");

      RequestHead badDeadline = call("1");
      badDeadline.headers().set("Fn-Deadline", "tomorrow");
      r = send(c, badDeadline, "");
      assertThat(r.status()).isEqualTo(400);
      assertThat(text(r)).contains("not an RFC 3339 time: tomorrow");

      r = send(c, new RequestHead("POST", "/other", call("1").headers()), "");
      assertThat(r.status()).isEqualTo(404);
      text(r);
      r = send(c, new RequestHead("PUT", "/call", call("1").headers()), "");
      assertThat(r.status()).isEqualTo(405);
      text(r);

      assertThat(text(send(c, call("2"), ""))).isEqualTo("ran");
    }
  }

  @Test
  void aFailingHandlerGets502WithJsonAndTheConnectionCarriesOn() throws IOException {
    Path listener = start((call, response) -> {
      if (call.callId().equals("bad")) {
        response.setHeader("X-Lost", "yes");
        response.body(); // obtained but nothing written: still not committed
        throw new IllegalStateException("boom \"quoted\"");
      }
      response.send("fine");
    });
    try (UdsConnection c = UdsConnection.open(listener)) {
      UdsResponse r = send(c, call("bad"), "");
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.headers().first("Content-Type")).isEqualTo("application/json");
      assertThat(r.headers().contains("X-Lost")).isFalse();
      assertThat(r.headers().contains("Fn-Fdk-Version")).isTrue();
      assertThat(text(r)).isEqualTo("{\"message\":\"java.lang.IllegalStateException: boom \\\"quoted\\\"\"}");
      assertThat(text(send(c, call("good"), ""))).isEqualTo("fine");
    }
  }

  @Test
  void aHandlerFailingMidResponseBreaksTheConnectionButNotTheServer() throws IOException {
    Path listener = start((call, response) -> {
      if (call.callId().equals("bad")) {
        OutputStream out = response.body();
        out.write("partial".getBytes(StandardCharsets.UTF_8));
        out.flush();
        throw new IOException("lost the backend");
      }
      response.send("fine");
    });
    try (UdsConnection c = UdsConnection.open(listener)) {
      UdsResponse r = send(c, call("bad"), "");
      assertThat(r.status()).isEqualTo(200);
      assertThatThrownBy(r::readAll).isInstanceOf(IOException.class);
    }
    try (UdsConnection c = UdsConnection.open(listener)) {
      assertThat(text(send(c, call("good"), ""))).isEqualTo("fine");
    }
  }

  @Test
  void aDeclaredLengthNeverWrittenIsAFailure() throws IOException {
    Path listener = start((call, response) -> response.contentLength(10));
    try (UdsConnection c = UdsConnection.open(listener)) {
      UdsResponse r = send(c, call("1"), "");
      assertThat(r.status()).isEqualTo(502);
      assertThat(text(r)).contains("declared a Content-Length of 10");
    }
  }

  @Test
  void sendsADeclaredLengthInsteadOfChunks() throws IOException {
    Path listener = start((call, response) -> {
      response.contentLength(5).contentType("text/plain");
      response.body().write("hello".getBytes(StandardCharsets.US_ASCII));
    });
    try (UdsConnection c = UdsConnection.open(listener)) {
      UdsResponse r = send(c, call("1"), "");
      assertThat(r.headers().first("Content-Length")).isEqualTo("5");
      assertThat(r.headers().contains("Transfer-Encoding")).isFalse();
      assertThat(r.headers().first("Content-Type")).isEqualTo("text/plain");
      assertThat(text(r)).isEqualTo("hello");
    }
  }

  @Test
  void mapsHttpTriggerHeadersBothWays() throws IOException {
    AtomicReference<TriggerRequest> seen = new AtomicReference<>();
    Path listener = start((call, response) -> {
      seen.set(call.trigger().orElseThrow());
      response.status(201)
          .contentType("application/json")
          .setHttpHeader("X-Result", "made")
          .addHttpHeader("Set-Cookie", "a=1")
          .addHttpHeader("Set-Cookie", "b=2")
          .setHeader("X-Plain", "as-is");
      response.send("{}");
    });
    RequestHead head = call("t1");
    head.headers()
        .add("Fn-Intent", "httprequest")
        .add("Fn-Http-Method", "PUT")
        .add("Fn-Http-Request-Url", "http://example.test/t/app/path?q=1")
        .add("Fn-Http-H-Accept", "text/html")
        .add("Fn-Http-H-X-Multi", "1")
        .add("Fn-Http-H-X-Multi", "2")
        .add("Content-Type", "text/plain");
    try (UdsConnection c = UdsConnection.open(listener)) {
      UdsResponse r = send(c, head, "x");
      assertThat(r.status()).isEqualTo(200);
      HttpHeaders h = r.headers();
      assertThat(h.first("Fn-Http-Status")).isEqualTo("201");
      assertThat(h.first("Content-Type")).isEqualTo("application/json");
      assertThat(h.first("Fn-Http-H-X-Result")).isEqualTo("made");
      assertThat(h.all("Fn-Http-H-Set-Cookie")).containsExactly("a=1", "b=2");
      assertThat(h.first("X-Plain")).isEqualTo("as-is");
      assertThat(h.contains("Fn-Http-H-Content-Type")).isFalse();
      text(r);
    }
    TriggerRequest trigger = seen.get();
    assertThat(trigger.method()).isEqualTo("PUT");
    assertThat(trigger.requestUrl()).isEqualTo("http://example.test/t/app/path?q=1");
    assertThat(trigger.header("accept")).contains("text/html");
    assertThat(trigger.headers().get("X-Multi")).containsExactly("1", "2");
    assertThat(trigger.header("Content-Type")).contains("text/plain");
    assertThat(trigger.headers()).doesNotContainKey("Fn-Call-Id");
  }

  @Test
  void refusesFramingHeadersAndLateHeaderChanges() throws IOException {
    AtomicReference<List<String>> errors = new AtomicReference<>(new java.util.ArrayList<>());
    Path listener = start((call, response) -> {
      for (Runnable bad : List.<Runnable>of(
          () -> response.setHeader("Transfer-Encoding", "gzip"),
          () -> response.setHeader("Bad Name", "x"),
          () -> response.setHeader("X-Split", "a\r\nInjected: yes"),
          () -> response.status(99))) {
        try {
          bad.run();
        } catch (IllegalArgumentException e) {
          errors.get().add("refused");
        }
      }
      response.body().write('x');
      try {
        response.setHeader("X-Late", "1");
      } catch (IllegalStateException e) {
        errors.get().add("late");
      }
    });
    try (UdsConnection c = UdsConnection.open(listener)) {
      assertThat(text(send(c, call("1"), ""))).isEqualTo("x");
    }
    assertThat(errors.get()).containsExactly("refused", "refused", "refused", "refused", "late");
  }

  @Test
  void honoursConnectionClose() throws IOException {
    Path listener = start((call, response) -> response.send("bye"));
    try (UdsConnection c = UdsConnection.open(listener)) {
      RequestHead head = call("1");
      head.headers().add("Connection", "close");
      UdsResponse r = send(c, head, "");
      assertThat(r.headers().first("Connection")).isEqualTo("close");
      assertThat(text(r)).isEqualTo("bye");
      assertThat(c.isUsable()).isFalse();
    }
  }

  @Test
  void aBrokenRequestHeadGets400AndTheConnectionIsClosed() throws IOException {
    Path listener = start((call, response) -> { });
    try (var channel = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(listener))) {
      channel.write(java.nio.ByteBuffer.wrap("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      String answer = new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
          StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Connection: close").contains("malformed request line");
    }
  }

  @Test
  void answers100ContinueBeforeReadingAnExpectedBody() throws IOException {
    Path listener = start((call, response) -> response.send(call.body().readAllBytes()));
    try (var channel = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(listener))) {
      var in = new io.hearth.uds.WireInput(java.nio.channels.Channels.newInputStream(channel));
      channel.write(java.nio.ByteBuffer.wrap(("POST /call HTTP/1.1\r\nHost: localhost\r\nFn-Call-Id: 1\r\n"
          + "Fn-Deadline: " + Calls.DEADLINE + "\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      assertThat(in.readLine(1000, 1000)).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(in.readLine(1000, 1000)).isEmpty();
      channel.write(java.nio.ByteBuffer.wrap("body".getBytes(StandardCharsets.US_ASCII)));
      var head = io.hearth.uds.HttpWire.readResponseHead(in, 64 * 1024);
      assertThat(head.status()).isEqualTo(200);
      assertThat(new String(io.hearth.uds.BodyInputStream.of(in, head.headers(), true).readAllBytes(),
          StandardCharsets.US_ASCII)).isEqualTo("body");
    }
  }
}
