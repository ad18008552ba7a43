package io.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exit codes and messages for a server that refuses, is missing, or is not named well. */
class ApiClientTest {
  private HttpServer server;
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
      String token = authorization.get();
      int status = token == null ? 401 : token.equals("Bearer right") ? 200 : 403;
      byte[] body = (status == 200 ? "{\"items\":[]}" : "{\"message\":\"" + (status == 401 ? "Authentication required"
          : "Invalid token") + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int run(Map<String, String> env, String... args) {
    out.reset();
    err.reset();
    return Cli.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
        new PrintStream(err, true));
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void theTokenIsSentAsABearerAndARefusalExits4() {
    assertThat(run(Map.of("HEARTH_URL", url()), "apps", "list")).isEqualTo(4);
    assertThat(err.toString()).contains("Authentication required").contains("HEARTH_API_TOKEN");
    assertThat(run(Map.of("HEARTH_URL", url(), "HEARTH_API_TOKEN", "wrong"), "apps", "list")).isEqualTo(4);
    assertThat(err.toString()).contains("Invalid token");
    assertThat(run(Map.of("HEARTH_URL", url(), "HEARTH_API_TOKEN", "right"), "apps", "list")).isEqualTo(0);
    assertThat(authorization.get()).isEqualTo("Bearer right");
    assertThat(out.toString()).startsWith("NAME");
  }

  @Test
  void noServerExits3WithAClearMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    String url = "http://127.0.0.1:" + port;
    assertThat(run(Map.of(), "apps", "list", "--url", url)).isEqualTo(3);
    assertThat(err.toString().strip())
        .isEqualTo("hearth: cannot reach Hearth at " + url + ": is it running? (./hearth server)");
  }

  @Test
  void usageMistakesExit2() {
    assertThat(run(Map.of(), "apps", "list", "--url", "not a url")).isEqualTo(2);
    assertThat(err.toString()).contains("invalid server URL");
    assertThat(run(Map.of(), "apps", "create")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter");
    assertThat(run(Map.of(), "apps")).isEqualTo(2);
    assertThat(run(Map.of(), "apps", "list", "--bogus")).isEqualTo(2);
  }

  @Test
  void helpExits0() {
    assertThat(run(Map.of(), "apps", "--help")).isZero();
    assertThat(out.toString()).contains("create").contains("list").contains("delete");
    assertThat(run(Map.of(), "fns", "create", "--help")).isZero();
    assertThat(out.toString()).contains("--image").contains("--idle-timeout");
  }
}
