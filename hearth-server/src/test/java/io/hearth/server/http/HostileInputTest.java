package io.hearth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile request text (issue 14): bad percent-encoding in the query or path and overlong UTF-8 in
 * a JSON body are the client's mistake, answered 400 in JSON, never a 500 or a decoded surprise.
 */
class HostileInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Server jetty;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    Router router = new Router()
        .on("GET", "/v2/things", ex -> ex.json(200, Map.of("x", String.valueOf(ex.query("x")))))
        .on("GET", "/v2/things/{id}", ex -> ex.json(200, Map.of("id", ex.segment(2))))
        .on("POST", "/v2/things", ex -> ex.json(200, Map.of("name", ex.readJson().path("name").asText())));
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.setHandler(new ApiHandler(router, JSON));
    jetty.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
  }

  /** Item 3: bad percent-encoding in a query is a 400 naming the query, never a 500. */
  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/v2/things?cursor=%%%", "/v2/things?x=%zz", "/v2/things?x=%FF", "/v2/things?x=%",
      "/v2/things?x=%C0%AF", "/v2/things?%zz=1"})
  void badPercentEncodingInTheQueryIsA400(String target) throws Exception {
    Answer a = send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", new byte[0]);
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(JSON.readTree(a.body()).path("message").asText()).contains("query");
  }

  @Test
  void aGoodQueryStillDecodes() throws Exception {
    Answer a = send("GET /v2/things?x=a%2Fb%20c%C3%A9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", new byte[0]);
    assertThat(a.status()).isEqualTo(200);
    assertThat(JSON.readTree(a.body()).path("x").asText()).isEqualTo("a/b cé");
  }

  /** Item 3: the same for a path segment. */
  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/v2/things/%zz", "/v2/things/%FF", "/v2/things/%C0%AF"})
  void badPercentEncodingInThePathIsA400(String target) throws Exception {
    Answer a = send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", new byte[0]);
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(JSON.readTree(a.body()).has("message")).isTrue();
  }

  /** Item 11: overlong UTF-8 ("\xc0\xaf" for '/') and other malformed bytes in JSON are refused. */
  @ParameterizedTest(name = "bytes {0}")
  @ValueSource(strings = {"c0af", "e080af", "f08080af", "ff", "eda080", "c3"})
  void malformedUtf8InJsonIsA400(String hex) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"name\":\"a".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(java.util.HexFormat.of().parseHex(hex));
    body.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));
    byte[] bytes = body.toByteArray();
    Answer a = send("POST /v2/things HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n", bytes);
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    JsonNode message = JSON.readTree(a.body()).path("message");
    assertThat(message.asText()).contains("UTF-8");
  }

  @Test
  void wellFormedUtf8InJsonIsRead() throws Exception {
    byte[] bytes = "{\"name\":\"a/é\uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8);
    Answer a = send("POST /v2/things HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n", bytes);
    assertThat(a.status()).isEqualTo(200);
    assertThat(JSON.readTree(a.body()).path("name").asText()).isEqualTo("a/é\uD83D\uDE00");
  }

  private record Answer(int status, String body) {}

  private static Answer send(String head, byte[] body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(end + 4));
    }
  }
}
