package io.hearth.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.server.http.HoldableConnections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A call that holds its connection's idle timeout waits for a request body that pauses for six idle
 * timeouts and is answered; without the hold the same pause cuts it. Once the call lets go, the idle
 * connection is closed by the timeout as usual. On the HTTP front's {@link HoldableConnections} (a
 * flag on the connection) and on Jetty's own connections (the endpoint's timeout set to 0 and back)
 * alike.
 */
class IdleTimeoutHoldTest {
  private static final long IDLE_MS = 500;
  private static final long PAUSE_MS = 3_000;

  @ParameterizedTest(name = "holdable connections: {0}")
  @ValueSource(booleans = {true, false})
  void aHeldCallOutlivesTheIdleTimeoutAndTheIdleConnectionIsClosedAfter(boolean holdable) throws Exception {
    Server jetty = server(holdable);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(jetty))) {
      String answer = pausedPost(socket, "/held");
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("got helloworld");
      assertThat(socket.getInputStream().read()).as("closed by the idle timeout once the call let go").isEqualTo(-1);
    } finally {
      jetty.stop();
    }
  }

  @ParameterizedTest(name = "holdable connections: {0}")
  @ValueSource(booleans = {true, false})
  void withoutTheHoldThePauseCutsTheCall(boolean holdable) throws Exception {
    Server jetty = server(holdable);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(jetty))) {
      assertThat(pausedPost(socket, "/plain")).doesNotContain("got helloworld");
    } finally {
      jetty.stop();
    }
  }

  /** A POST whose body stops half way for {@link #PAUSE_MS}; what the server sent back. */
  private static String pausedPost(Socket socket, String path) throws Exception {
    socket.setSoTimeout(30_000);
    OutputStream out = socket.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Thread.sleep(PAUSE_MS); // six idle timeouts with the request's body unfinished
    try {
      out.write("world".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // cut already
    }
    return readUntil(socket.getInputStream(), "helloworld");
  }

  private static Server server(boolean holdable) throws Exception {
    Server jetty = new Server();
    HttpConfiguration http = new HttpConfiguration();
    ConnectionFactory factory = holdable ? new HoldableConnections(http) : new HttpConnectionFactory(http);
    ServerConnector connector = new ServerConnector(jetty, factory);
    connector.setHost("127.0.0.1");
    connector.setIdleTimeout(IDLE_MS);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String body;
        if (request.getHttpURI().getPath().equals("/held")) {
          try (IdleTimeoutHold hold = IdleTimeoutHold.hold(request)) {
            body = Content.Source.asString(request, StandardCharsets.US_ASCII); // waits out the pause
          }
        } else {
          body = Content.Source.asString(request, StandardCharsets.US_ASCII);
        }
        response.write(true, ByteBuffer.wrap(("got " + body).getBytes(StandardCharsets.US_ASCII)), callback);
        return true;
      }
    });
    jetty.start();
    // one request first, so that the measured one finds Jetty's classes loaded: the very first request
    // of a JVM on a loaded machine can take longer than the short idle timeout to reach the handler
    try (Socket warm = new Socket(InetAddress.getLoopbackAddress(), port(jetty))) {
      warm.setSoTimeout(30_000);
      warm.getOutputStream().write("POST /plain HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
          .getBytes(StandardCharsets.US_ASCII));
      readUntil(warm.getInputStream(), "got hi");
    }
    return jetty;
  }

  private static int port(Server jetty) {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** What the server sends until {@code end} arrives or it closes the connection. */
  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try {
      for (int b = in.read(); b >= 0; b = in.read()) {
        got.write(b);
        if (got.toString(StandardCharsets.US_ASCII).endsWith(end)) {
          break;
        }
      }
    } catch (IOException e) {
      // reset by the server: what came before is the answer
    }
    return got.toString(StandardCharsets.US_ASCII);
  }
}
