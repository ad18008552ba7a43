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

/** How exchanges fail: aborts from another thread, early answers, broken bodies, protocol errors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdsFailuresTest extends UdsFixture {
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
    TestThreads.awaitBlocked(t, "readResponse");
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
    TestThreads.awaitBlocked(t, "readAllBytes");
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
}
