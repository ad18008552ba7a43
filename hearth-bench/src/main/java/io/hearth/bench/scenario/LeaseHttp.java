package io.hearth.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The leases API of a node on 127.0.0.1, as the benchmark calls it: JSON in, status and JSON out,
 * over the JDK's HTTP/1.1 client (its connections kept alive). The floor requests go through the
 * same client, so its cost is on both sides. Thread-safe.
 */
final class LeaseHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  LeaseHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  record Answer(int status, JsonNode json) {
    /** The answer's JSON, or an exception naming the status and message when it is not {@code expected}. */
    JsonNode expect(int expected, String what) throws IOException {
      if (status != expected) {
        throw new IOException(what + ": status " + status + " " + json);
      }
      return json;
    }
  }

  Answer send(String method, String path, String body) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build();
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Answer(r.statusCode(), json);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Creates an alloc of this much memory (bytes) and CPU (milli-CPUs) and returns its id. */
  String create(long memoryBytes, long cpuMillis, int keepaliveSecs) throws IOException {
    return send("POST", "/v2/allocs", "{\"resources\":{\"memory_bytes\":" + memoryBytes + ",\"cpu_mcpus\":" + cpuMillis
        + "},\"owner\":\"bench\",\"keepalive_secs\":" + keepaliveSecs + "}").expect(201, "create").get("id").asText();
  }

  void free(String allocId) throws IOException {
    send("DELETE", "/v2/allocs/" + allocId, null).expect(200, "free");
  }
}
