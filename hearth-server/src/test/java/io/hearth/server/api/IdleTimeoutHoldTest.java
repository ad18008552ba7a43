package io.hearth.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.server.http.HoldableConnections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * A call that holds its connection's idle timeout outlives several of them and is answered; once it
 * lets go, the idle connection is closed by the timeout as usual (a hold that never let go would
 * leave it open and fail the test). On the HTTP front's {@link HoldableConnections} (a flag on the
 * connection) and on Jetty's own connections (the endpoint's timeout set to 0 and back) alike.
 */
class IdleTimeoutHoldTest {
  private static final long IDLE_MS = 200;
  private static final long WAIT_MS = 1_500;

  @ParameterizedTest(name = "holdable connections: {0}")
  @ValueSource(booleans = {true, false})
  void aHeldCallOutlivesTheIdleTimeoutAndTheIdleConnectionIsClosedAfter(boolean holdable) throws Exception {
    Server jetty = server(holdable);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(jetty))) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write("GET /held HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = readUntil(socket.getInputStream(), "held ok");
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("held ok");
      assertThat(socket.getInputStream().read()).as("closed by the idle timeout once the call let go").isEqualTo(-1);
    } finally {
      jetty.stop();
    }
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
        try (IdleTimeoutHold hold = IdleTimeoutHold.hold(request)) {
          Thread.sleep(WAIT_MS); // several idle timeouts, as a call waiting for its container
        }
        response.write(true, ByteBuffer.wrap("held ok".getBytes(StandardCharsets.US_ASCII)), callback);
        return true;
      }
    });
    jetty.start();
    return jetty;
  }

  private static int port(Server jetty) {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** What the server sends until {@code end} arrives or it closes the connection. */
  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      got.write(b);
      if (got.toString(StandardCharsets.US_ASCII).endsWith(end)) {
        break;
      }
    }
    return got.toString(StandardCharsets.US_ASCII);
  }
}
