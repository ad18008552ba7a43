package io.hearth.uds;

import static io.hearth.uds.TestStreams.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link NotSentException}: thrown exactly when the peer accepted no byte of the request, never
 * once a byte went into the socket, whether the peer read it or not.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdsNotSentTest extends UdsFixture {
  private static final int BIG = 1024 * 1024;

  private static RequestHead post() {
    return new RequestHead("POST", "/call", new HttpHeaders());
  }

  /** A connection whose peer has closed its end (without reading anything) by the time this returns. */
  private UdsConnection closedByPeer() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    server = ScriptedServer.start(dir.resolve("closing.sock"), p -> {
      p.close();
      closed.countDown();
    });
    UdsConnection c = UdsConnection.open(server.path());
    assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @Test
  void aSmallRequestToAPeerThatHadClosedIsNotSent() throws Exception {
    UdsConnection c = closedByPeer();
    assertThatThrownBy(() -> c.send(post(), new ByteArrayInputStream(pattern(300, 1)), 300, LIMIT))
        .isInstanceOf(NotSentException.class).hasMessageContaining("before taking any byte");
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void aPumpedRequestToAPeerThatHadClosedIsNotSent() throws Exception {
    UdsConnection c = closedByPeer();
    assertThatThrownBy(() -> c.send(post(), new ByteArrayInputStream(pattern(BIG, 2)), BIG, LIMIT))
        .isInstanceOf(NotSentException.class);
  }

  @Test
  void aChunkedRequestToAPeerThatHadClosedIsNotSent() throws Exception {
    UdsConnection c = closedByPeer();
    assertThatThrownBy(() -> c.send(post(), new ByteArrayInputStream(pattern(5000, 3)), -1, LIMIT))
        .isInstanceOf(NotSentException.class);
  }

  @Test
  void aRequestOnAConnectionClosedBeforeIsNotSent() throws Exception {
    server = ScriptedServer.echo(dir.resolve("echo.sock"));
    UdsConnection c = UdsConnection.open(server.path());
    c.abort();
    assertThatThrownBy(() -> c.send(post(), new ByteArrayInputStream(pattern(10, 4)), 10, LIMIT))
        .isInstanceOf(NotSentException.class);
  }

  @Test
  void aPeerThatReadTheRequestThenClosedIsAPlainFailure() throws Exception {
    server = ScriptedServer.start(dir.resolve("reads.sock"), p -> {
      p.readHead();
      p.close();
    });
    UdsConnection c = UdsConnection.open(server.path());
    assertThatThrownBy(() -> c.send(post(), new ByteArrayInputStream(pattern(300, 5)), 300, LIMIT))
        .isInstanceOf(IOException.class).isNotInstanceOf(NotSentException.class);
  }

  /**
   * The socket took the request into its buffer, and the peer closed without reading a byte of it:
   * the request was written, so it might have been seen; only a refused first write proves it was not.
   */
  @Test
  void aRequestTheSocketTookIsNeverNotSentEvenIfThePeerNeverReadIt() throws Exception {
    CountDownLatch close = new CountDownLatch(1);
    server = ScriptedServer.start(dir.resolve("silent.sock"), p -> {
      close.await();
      p.close();
    });
    UdsConnection c = UdsConnection.open(server.path());
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        c.send(post(), new ByteArrayInputStream(pattern(300, 6)), 300, LIMIT);
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    TestThreads.awaitBlocked(t, "readResponse"); // the request went into the socket
    close.countDown();
    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
        .isNotInstanceOf(NotSentException.class);
  }
}
