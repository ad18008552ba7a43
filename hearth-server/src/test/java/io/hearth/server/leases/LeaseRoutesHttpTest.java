package io.hearth.server.leases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.server.http.ApiHandler;
import io.hearth.server.http.JsonErrorHandler;
import io.hearth.server.http.Router;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leases API through the real Jetty front: headers, lengths, streaming and errors on the wire. */
class LeaseRoutesHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path scratch;
  private FakeNodeLeases node;
  private Server jetty;
  private int port;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    node = new FakeNodeLeases(scratch);
    Router router = new Router();
    LeaseRoutes.register(router, new LeasesApi(node, JSON));
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(new ApiHandler(router, JSON));
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    node.endLog.countDown();
    jetty.stop();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private String create() throws Exception {
    HttpResponse<String> r = send("POST", "/v2/allocs", "{\"resources\":{\"memory_bytes\":1024},\"owner\":\"o\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    return JSON.readTree(r.body()).get("id").asText();
  }

  @Test
  void jsonAnswersCarryTypeLengthAndHeaders() throws Exception {
    HttpResponse<String> r = send("POST", "/v2/allocs", "{\"resources\":{\"memory_bytes\":1024},\"owner\":\"o\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().getBytes(StandardCharsets.UTF_8).length);
    String id = JSON.readTree(r.body()).get("id").asText();
    assertThat(r.headers().firstValue("Location")).contains("/v2/allocs/" + id);

    JsonNode offers = JSON.readTree(send("GET", "/v2/offers", null).body());
    assertThat(offers.get("items").get(0).get("node_id").asText()).isEqualTo("n1");
    HttpResponse<String> list = send("GET", "/v2/allocs?owner=o&per_page=1", null);
    assertThat(JSON.readTree(list.body()).get("items").get(0).get("id").asText()).isEqualTo(id);
    assertThat(JSON.readTree(list.body()).has("next_cursor")).isTrue();
  }

  @Test
  void errorsAreJsonOnTheWire() throws Exception {
    HttpResponse<String> wrong = send("PUT", "/v2/allocs", "{}");
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("Allow")).contains("GET, POST");
    assertThat(JSON.readTree(wrong.body()).get("message").asText()).isEqualTo("Method not allowed: PUT /v2/allocs");

    HttpResponse<String> unknown = send("GET", "/v2/allocs/n1.A1/nothing", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("message").asText()).contains("Path not found");

    HttpResponse<String> bad = send("POST", "/v2/allocs", "{\"owner\":");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("message").asText()).startsWith("Invalid JSON");

    HttpResponse<String> big = send("POST", "/v2/allocs", "x".repeat(LeaseRequests.MAX_BODY_BYTES + 10));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(big.body()).get("message").asText()).contains("larger than");

    String id = create();
    node.refuse = LeaseResult.Failure.GONE;
    HttpResponse<String> gone = send("POST", "/v2/allocs/" + id + "/keepalive", "{\"interval_secs\":30}");
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(gone.body()).isEqualTo("{\"message\":\"alloc expired\"}\n");
  }

  @Test
  void aFollowedLogReachesTheClientAsItIsWritten() throws Exception {
    String id = create();
    String execId = JSON.readTree(send("POST", "/v2/allocs/" + id + "/execs", "{\"image\":\"x\",\"cmd\":[]}").body())
        .get("id").asText();
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/v2/allocs/" + id + "/execs/" + execId + "/log?follow=true")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      // The node holds the log open until the test ends it: the first line arrives only if flushed.
      assertThat(in.readLine()).isEqualTo("hello");
      node.endLog.countDown();
      assertThat(in.readLine()).isEqualTo("bye");
      assertThat(in.readLine()).isNull();
    }
  }

  @Test
  void aFileIsServedWithItsLength() throws Exception {
    String id = create();
    byte[] big = new byte[100_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    Files.write(scratch.resolve("big.bin"), big);
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/v2/allocs/" + id + "/files/big.bin")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(big.length);
    assertThat(r.body()).isEqualTo(big);
    assertThat(send("GET", "/v2/allocs/" + id + "/files/missing.bin", null).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/v2/allocs/" + id + "/files/big.bin"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(big.length);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aDirectoryIsServedAsABoundedTar() throws Exception {
    String id = create();
    Files.createDirectories(scratch.resolve("out"));
    Files.write(scratch.resolve("out/data.bin"), new byte[5000]);
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/v2/allocs/" + id + "/tar?path=out")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/x-tar");
    try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.io.ByteArrayInputStream(r.body()))) {
      var e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo("data.bin");
      assertThat(in.readAllBytes()).hasSize(5000);
    }
    HttpResponse<String> over = send("GET", "/v2/allocs/" + id + "/tar?path=out&max_bytes=4096", null);
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(over.body()).get("message").asText()).contains("over the bound of 4096 bytes");
    HttpResponse<String> bad = send("GET", "/v2/allocs/" + id + "/tar?path=../x", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("'..'");
    assertThat(send("GET", "/v2/allocs/" + id + "/tar", null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/v2/allocs/" + id + "/tar?path=out&max_bytes=lots", null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/v2/allocs/n1.nope/tar?path=out", null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/v2/allocs/" + id + "/tar?path=out", "{}").statusCode()).isEqualTo(405);
  }
}
