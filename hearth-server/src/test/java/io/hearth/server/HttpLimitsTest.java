package io.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 8 (slowloris): a request head must arrive whole within the header deadline however
 * steadily its bytes trickle in, and one client holds a bounded number of connections.
 */
class HttpLimitsTest {
  private Server jetty;

  @AfterEach
  void stop() {
    if (jetty != null) {
      HttpFront.stop(jetty);
    }
  }

  private int start(String headerMillis, String perClient) throws Exception {
    Router router = new Router();
    HttpFront.registerVersion(router, "test");
    ServerConfig config = ServerConfig.fromEnv(Map.of("HEARTH_PORT", "0",
        "HEARTH_HTTP_HEADER_TIMEOUT_MSECS", headerMillis, "HEARTH_HTTP_MAX_CONNECTIONS_PER_CLIENT", perClient));
    jetty = HttpFront.start(config, router, new ObjectMapper());
    return HttpFront.port(jetty);
  }

  @Test
  void aHeadTricklingInIsCutAtTheDeadline() throws Exception {
    int port = start("500", "64");
    try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
      slow.setSoTimeout(100);
      OutputStream out = slow.getOutputStream();
      out.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      boolean closed = false;
      // a header byte every 100 ms keeps Jetty's idle timeout from ever firing; bounded at 30 s
      for (int i = 0; i < 300 && !closed; i++) {
        try {
          out.write('X');
          out.flush();
          closed = slow.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
          // still open
        } catch (SocketException e) {
          closed = true; // reset by the server
        }
      }
      assertThat(closed).as("the server closed the slow connection").isTrue();
    }
    assertThat(get(port)).as("other clients are still served").startsWith("HTTP/1.1 200");
  }

  @Test
  void oneClientHoldsABoundedNumberOfConnections() throws Exception {
    int port = start("10000", "3");
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        held.add(s);
        assertThat(exchange(s)).startsWith("HTTP/1.1 200"); // kept alive afterwards
      }
      try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), port)) {
        extra.setSoTimeout(30_000);
        String answer;
        try {
          extra.getOutputStream().write("GET /version HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          answer = new String(extra.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketException e) {
          answer = "";
        }
        assertThat(answer).as("the connection over the bound is closed unanswered").isEmpty();
      }
      held.removeFirst().close();
      String after = "";
      for (int i = 0; i < 100 && !after.startsWith("HTTP/1.1 200"); i++) { // the close is counted asynchronously
        after = get(port);
      }
      assertThat(after).as("a freed place is taken again").startsWith("HTTP/1.1 200");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static String get(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write("GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketException e) {
      return "";
    }
  }

  /** One request on a kept-alive connection: the answer's head and body, read by its length. */
  private static String exchange(Socket s) throws IOException {
    s.setSoTimeout(30_000);
    s.getOutputStream().write("GET /version HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    String h = head.toString().toLowerCase(java.util.Locale.ROOT);
    int i = h.indexOf("content-length:");
    int length = Integer.parseInt(h.substring(i + 15, h.indexOf("\r\n", i)).strip());
    in.readNBytes(length);
    return head.toString();
  }
}
