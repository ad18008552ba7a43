package io.hearth.fdk;

import static io.hearth.fdk.Calls.call;
import static io.hearth.fdk.Calls.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.uds.BodyInputStream;
import io.hearth.uds.ChunkedOutputStream;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import io.hearth.uds.ResponseHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import io.hearth.uds.WireInput;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Request and response bodies stream through the FDK in both directions, without being buffered whole. */
@Timeout(60)
class StreamingTest {
  private static final long TEN_MB = 10L * 1024 * 1024;

  @TempDir
  Path dir;

  private FdkServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static final FnHandler ECHO = (call, response) -> {
    try (OutputStream out = response.body()) {
      call.body().transferTo(out);
    }
  };

  @Test
  void echoesTenMegabytesWhileTheRequestIsStillBeingSent() throws Exception {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), ECHO);
    AtomicLong received = new AtomicLong();
    CountDownLatch answerStarted = new CountDownLatch(1);
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server.listener()))) {
      // The agent's side, as Go's transport does it: the body is written while the answer is read.
      CompletableFuture<Boolean> sender = CompletableFuture.supplyAsync(() -> {
        try {
          OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024);
          RequestHead head = call("echo");
          head.headers().add("Transfer-Encoding", "chunked");
          HttpWire.writeRequestHead(raw, head);
          OutputStream body = new ChunkedOutputStream(raw);
          InputStream source = Calls.pattern(TEN_MB);
          byte[] buf = new byte[32 * 1024];
          long sent = 0;
          boolean overlapped = false;
          int n;
          while ((n = source.read(buf)) > 0) {
            body.write(buf, 0, n);
            sent += n;
            if (sent == 1024 * 1024) { // a megabyte in, the echo must already be coming back
              body.flush();
              overlapped = answerStarted.await(20, TimeUnit.SECONDS);
            }
          }
          body.close();
          return overlapped;
        } catch (IOException | InterruptedException e) {
          throw new RuntimeException(e);
        }
      }, runnable -> Thread.ofVirtual().start(runnable));

      WireInput in = new WireInput(Channels.newInputStream(channel));
      ResponseHead head = HttpWire.readResponseHead(in, HttpWire.DEFAULT_HEAD_LIMIT);
      assertThat(head.status()).isEqualTo(200);
      BodyInputStream body = BodyInputStream.of(in, head.headers(), true);
      InputStream counting = new InputStream() {
        @Override
        public int read() throws IOException {
          throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = body.read(b, off, len);
          if (n > 0 && received.addAndGet(n) > 0) {
            answerStarted.countDown();
          }
          return n;
        }
      };
      assertThat(Calls.checkPattern(counting)).isEqualTo(TEN_MB);
      assertThat(body.isComplete()).isTrue();
      assertThat(sender.get(20, TimeUnit.SECONDS)).as("echo began before the request was fully sent").isTrue();
    }
  }

  @Test
  void handsTheRequestBodyOverWhileItIsStillArriving() throws Exception {
    CountDownLatch firstBytesSeen = new CountDownLatch(1);
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), (call, response) -> {
      byte[] first = call.body().readNBytes(1024);
      firstBytesSeen.countDown();
      long total = Calls.checkPattern(new SequenceInputStream(new ByteArrayInputStream(first), call.body()));
      response.send(Long.toString(total));
    });
    try (UdsConnection c = UdsConnection.open(server.listener())) {
      InputStream gated = new InputStream() {
        private final InputStream source = Calls.pattern(TEN_MB);
        private long sent;

        @Override
        public int read() throws IOException {
          throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (sent >= TEN_MB / 2) { // hold back the second half until the handler has seen the first bytes
            try {
              if (!firstBytesSeen.await(20, TimeUnit.SECONDS)) {
                throw new IOException("the handler saw nothing of a half-sent body");
              }
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
          }
          int n = source.read(b, off, (int) Math.min(len, 64 * 1024));
          sent += Math.max(n, 0);
          return n;
        }
      };
      UdsResponse r = Calls.sendChunked(c, call("1"), gated);
      assertThat(text(r)).isEqualTo(Long.toString(TEN_MB));
    }
  }

  @Test
  void streamsATenMegabyteAnswerWithFixedLengthAndChunked() throws Exception {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), (call, response) -> {
      if (call.callId().equals("fixed")) {
        response.contentLength(TEN_MB);
      }
      try (OutputStream out = response.body()) {
        Calls.pattern(TEN_MB).transferTo(out);
      }
    });
    try (UdsConnection c = UdsConnection.open(server.listener())) {
      for (String id : new String[] {"fixed", "chunked", "fixed"}) {
        try (UdsResponse r = Calls.send(c, call(id), "")) {
          assertThat(r.headers().isChunked()).isEqualTo(id.equals("chunked"));
          assertThat(Calls.checkPattern(r.body())).isEqualTo(TEN_MB);
        }
      }
    }
  }

  @Test
  void drainsAnUnreadBodyBeforeTheNextCall() throws Exception {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), (call, response) -> response.send("ok " + call.callId()));
    try (UdsConnection c = UdsConnection.open(server.listener())) {
      assertThat(text(Calls.sendChunked(c, call("1"), Calls.pattern(3_000_000)))).isEqualTo("ok 1");
      assertThat(text(c.send(call("2"), Calls.pattern(2_000_000), 2_000_000, HttpWire.DEFAULT_HEAD_LIMIT)))
          .isEqualTo("ok 2");
      assertThat(text(Calls.send(c, call("3"), "small"))).isEqualTo("ok 3");
    }
  }

  @Test
  void readsFixedLengthAndChunkedRequestBodies() throws Exception {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), ECHO);
    try (UdsConnection c = UdsConnection.open(server.listener())) {
      assertThat(text(Calls.send(c, call("fixed"), "fixed body"))).isEqualTo("fixed body");
      assertThat(text(Calls.sendChunked(c, call("chunked"),
          new ByteArrayInputStream("chunked body".getBytes())))).isEqualTo("chunked body");
      assertThat(text(Calls.send(c, call("empty"), ""))).isEmpty();
    }
  }

  @Test
  void sendsAndReadsLargeArraysInOneCall() throws Exception {
    server = Fdk.serve(dir.resolve("lsnr.sock"), Map.of(), (call, response) -> {
      byte[] whole = new byte[(int) TEN_MB];
      int n = call.body().readNBytes(whole, 0, whole.length); // one large read, sliced underneath
      response.send(java.util.Arrays.copyOf(whole, n)); // one large write, sliced underneath
    });
    try (UdsConnection c = UdsConnection.open(server.listener());
        UdsResponse r = c.send(call("1"), Calls.pattern(TEN_MB), TEN_MB, HttpWire.DEFAULT_HEAD_LIMIT)) {
      assertThat(r.headers().first("Content-Length")).isEqualTo(Long.toString(TEN_MB));
      assertThat(Calls.checkPattern(r.body())).isEqualTo(TEN_MB);
    }
  }
}
