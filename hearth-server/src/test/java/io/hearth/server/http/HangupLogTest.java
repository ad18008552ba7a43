package io.hearth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 10: a client hanging up while its answer streams is its own doing, one INFO line
 * without a stack trace ({@link FailureLog#hangup}), not an internal error.
 */
class HangupLogTest {
  private final List<String> hangups = new CopyOnWriteArrayList<>();
  private final List<Throwable> internal = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> reported = new CompletableFuture<>();
  private final CountDownLatch clientGone = new CountDownLatch(1);
  private Server jetty;

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.stop();
    }
  }

  @Test
  void aClientHangingUpMidAnswerIsOneInfoLine() throws Exception {
    Router router = new Router().on("GET", "/big", ex -> {
      try {
        clientGone.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.response().setStatus(200);
      OutputStream out = Content.Sink.asOutputStream(ex.response());
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < 1024; i++) { // 64 MiB at most: far more than any socket buffer takes
        out.write(chunk);
      }
      out.close();
      ex.callback().succeeded();
    });
    int port = start(router);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.setSoLinger(true, 0); // close with a reset, as a client killed mid-call does
    }
    clientGone.countDown();
    reported.get(30, TimeUnit.SECONDS);
    assertThat(hangups).hasSize(1);
    assertThat(internal).isEmpty();
  }

  @Test
  void anInternalFailureIsStillAnError() throws Exception {
    int port = start(new Router().on("GET", "/bug", ex -> {
      throw new IllegalStateException("a bug");
    }));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write("GET /bug HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 500").doesNotContain("a bug");
    }
    reported.get(30, TimeUnit.SECONDS);
    assertThat(internal).hasSize(1);
    assertThat(hangups).isEmpty();
  }

  @Test
  void hangupsAreRecognisedThroughTheirCauses() {
    assertThat(FailureLog.isHangup(new EofException("reset"))).isTrue();
    assertThat(FailureLog.isHangup(new IOException("wrapped", new IOException("Broken pipe")))).isTrue();
    assertThat(FailureLog.isHangup(new java.io.UncheckedIOException(new IOException("Connection reset by peer"))))
        .isTrue();
    assertThat(FailureLog.isHangup(new IOException("No space left on device"))).isFalse();
    assertThat(FailureLog.isHangup(new IllegalStateException("a bug"))).isFalse();
  }

  private int start(Router router) throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(new ApiHandler(router, new ObjectMapper(), Auth.off(), new FailureLog() {
      @Override
      public void hangup(String method, String path, String why) {
        hangups.add(why);
        reported.complete(null);
      }

      @Override
      public void internal(String method, String path, Throwable failure) {
        internal.add(failure);
        reported.complete(null);
      }
    }));
    jetty.start();
    return connector.getLocalPort();
  }
}
